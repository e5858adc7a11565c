package dev.exobridge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs contenders round by round, each in turn, the order rotating from round to round, so a
 * burst of noise on the machine falls on all of them alike. A contender that fails is recorded
 * with its one-line reason and left out of later rounds; the others go on. Every contender is
 * closed at the end, whatever happened.
 *
 * @param <C> the contender
 * @param <R> what one round of one contender gives
 */
final class Alternation<C extends Contender, R> {
    /** One round of one contender; {@code round} is 0-based. */
    @FunctionalInterface
    interface Turn<C, R> {
        R run(C contender, int round);
    }

    private final Map<C, List<R>> results = new LinkedHashMap<>();
    private final Map<C, String> failures = new LinkedHashMap<>();

    private Alternation() {
    }

    static <C extends Contender, R> Alternation<C, R> run(BenchContext context, List<C> contenders, int rounds,
            Turn<C, R> turn) {
        Alternation<C, R> a = new Alternation<>();
        contenders.forEach(c -> a.results.put(c, new ArrayList<>()));
        try {
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < contenders.size(); i++) {
                    C c = contenders.get((i + round) % contenders.size());
                    if (a.failures.containsKey(c)) {
                        continue;
                    }
                    try {
                        a.results.get(c).add(turn.run(c, round));
                    } catch (RuntimeException e) {
                        a.failures.put(c, ContenderFailure.reason(e));
                        context.progress("%s failed: %s", c.name(), a.failures.get(c));
                    }
                }
            }
        } finally {
            contenders.forEach(Alternation::closeQuietly);
        }
        return a;
    }

    /** The contender's results in round order; empty if it failed in the first round. */
    List<R> results(C contender) {
        return results.get(contender);
    }

    /** Why the contender failed, or null if it ran every round. */
    String failure(C contender) {
        return failures.get(contender);
    }

    private static void closeQuietly(Contender contender) {
        try {
            contender.close();
        } catch (RuntimeException e) {
            // a session that will not close cleanly is killed by its own close; nothing to report
        }
    }
}
