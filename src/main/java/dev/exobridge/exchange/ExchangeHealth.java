package dev.exobridge.exchange;

import dev.exobridge.pool.PoolHealth;
import java.time.Instant;
import java.util.List;

/**
 * Whether an {@link ExchangePool} can serve ({@link ExchangePool#health()}): its pool is up
 * ({@link PoolHealth}), at least one of its sessions is connected, and the last connect of a new
 * session succeeded. Taken from what the pool already knows: it runs no call and contacts no
 * service (a token is renewed before the next call that needs it, so an idle pool's expired
 * token is not a problem).
 *
 * @param up                  whether the pool can serve ({@code problems} is empty)
 * @param pool                the session pool's health
 * @param tenant              the organization the pool connects to
 * @param connectedSessions   sessions connected to Exchange Online now
 * @param lastConnectFailure  why the last connect of a new session failed, until one succeeds; else {@code null}
 * @param earliestTokenExpiry the soonest token expiry among the connected sessions as last seen, or {@code null}
 * @param problems            what keeps the pool from being up, in words; empty when up
 */
public record ExchangeHealth(boolean up, PoolHealth pool, String tenant, int connectedSessions,
                             String lastConnectFailure, Instant earliestTokenExpiry, List<String> problems) {
    public ExchangeHealth {
        problems = List.copyOf(problems);
    }

    @Override
    public String toString() {
        return "Exchange pool for " + tenant + (up ? " is up" : " is down: " + String.join("; ", problems)) + " ("
                + connectedSessions + " connected; " + pool + ")";
    }
}
