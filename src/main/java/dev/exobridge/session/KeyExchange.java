package dev.exobridge.session;

import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.Packet;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.psrp.ServerMessages;
import dev.exobridge.psrp.SessionKey;
import dev.exobridge.psrp.clixml.PsValue;
import dev.exobridge.psrp.clixml.SecureStringCipher;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The session's key exchange for SecureStrings (MS-PSRP 3.1.5.4.5), run lazily: the first
 * SecureString written or read, or pwsh's PUBLIC_KEY_REQUEST, sends our public key; pwsh's
 * ENCRYPTED_SESSION_KEY completes it. Thread-safe: the exchange starts once, under {@code lock};
 * callers wait for it up to the open timeout, the reader thread never waits.
 */
final class KeyExchange {
    private final PacketChannel channel;
    private final UUID poolId;
    private final Duration timeout;
    private final BiFunction<String, Throwable, SessionException> failure;
    private final Object lock = new Object();
    // Guarded by lock (written once, then read by the reader thread after the future exists).
    private CompletableFuture<SecureStringCipher> sessionKey;
    private volatile SessionKey rsa;

    /** A cipher that runs the key exchange the first time a SecureString is written or read. */
    private final SecureStringCipher cipher = new SecureStringCipher() {
        @Override
        public String encrypt(char[] text) {
            return sessionCipher().encrypt(text);
        }

        @Override
        public char[] decrypt(String base64) {
            return sessionCipher().decrypt(base64);
        }
    };

    KeyExchange(PacketChannel channel, UUID poolId, Duration timeout,
                BiFunction<String, Throwable, SessionException> failure) {
        this.channel = channel;
        this.poolId = poolId;
        this.timeout = timeout;
        this.failure = failure;
    }

    /** The session's SecureString cipher. */
    SecureStringCipher cipher() {
        return cipher;
    }

    /** On the reader thread: pwsh asks for our key (PUBLIC_KEY_REQUEST). */
    void requested() {
        start();
    }

    /** On the reader thread: pwsh's ENCRYPTED_SESSION_KEY. */
    void accept(PsValue body) {
        String blob = ServerMessages.encryptedSessionKey(body);
        CompletableFuture<SecureStringCipher> f = start();
        SessionKey key = rsa;
        if (key == null) {
            // Our PUBLIC_KEY is sent after rsa is set, so a key before it is not an answer to ours.
            throw new ProtocolException("ENCRYPTED_SESSION_KEY before our PUBLIC_KEY");
        }
        f.complete(key.accept(blob));
    }

    private SecureStringCipher sessionCipher() {
        CompletableFuture<SecureStringCipher> f = start();
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted during the key exchange", e);
        } catch (ExecutionException | TimeoutException e) {
            throw failure.apply("the key exchange for SecureStrings failed",
                    e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    private CompletableFuture<SecureStringCipher> start() {
        synchronized (lock) {
            if (sessionKey == null) {
                CompletableFuture<SecureStringCipher> f = new CompletableFuture<>();
                sessionKey = f;
                // Off the caller's thread: generating RSA-2048 takes a while, and the reader must not wait.
                CompletableFuture.runAsync(() -> {
                    try {
                        SessionKey key = SessionKey.generate();
                        rsa = key;
                        channel.sendData(Message.EMPTY, Packet.DEFAULT_STREAM, timeout,
                                PsrpMessages.publicKey(poolId, key.publicKeyBlob()));
                    } catch (Exception e) {
                        f.completeExceptionally(e);
                    }
                });
            }
            return sessionKey;
        }
    }
}
