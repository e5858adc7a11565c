package dev.exobridge.cli;

import dev.exobridge.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads secrets and the profiles file safely: a file others may read or write is refused
 * (following symlinks: the target's mode counts), with the {@code chmod} that fixes it;
 * group-readable is allowed (Kubernetes mounts secrets that way). A secret read from a file or
 * stdin loses one trailing line break. Messages name files, never their content.
 */
final class SecretFiles {
    private SecretFiles() {
    }

    /**
     * Checks that {@code file} exists, is readable, and is neither world-readable nor world-writable.
     *
     * @param what what the file is, for the message ("--certificate-password-file")
     */
    static void checkMode(Path file, String what) {
        if (!Files.exists(file)) {
            throw new UsageException(what + " " + file + ": no such file");
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file); // follows symlinks: the target's mode decides
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system (Windows): its ACLs are the user's to set
        } catch (IOException e) {
            throw new UsageException(what + " " + file + ": cannot read its permissions: " + e.getMessage(), e);
        }
        if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new UsageException(what + " " + file + " is " + (perms.contains(PosixFilePermission.OTHERS_WRITE)
                    ? "world-writable" : "world-readable") + " (mode " + mode(perms) + "), so it is refused: "
                    + "others could read or replace the secret. Fix it with: chmod o-rwx " + file
                    + " (0600, or 0640 for a group)");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException(what + " " + file + ": not readable by this user (mode " + mode(perms)
                    + "); give the user read access (chmod/chown) or run as the file's owner");
        }
    }

    /** The secret in {@code file}, after {@link #checkMode}. */
    static Secret read(Path file, String what) {
        checkMode(file, what);
        try {
            return decode(Files.readAllBytes(file));
        } catch (AccessDeniedException e) {
            throw new UsageException(what + " " + file + ": not readable by this user; give the user read access "
                    + "or run as the file's owner", e);
        } catch (NoSuchFileException e) {
            throw new UsageException(what + " " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UsageException(what + " " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** The secret on stdin. */
    static Secret readStdin(InputStream in, String what) {
        try {
            return decode(in.readAllBytes());
        } catch (IOException e) {
            throw new UsageException(what + " -: cannot read stdin: " + e.getMessage(), e);
        }
    }

    /** UTF-8 bytes to a secret, one trailing line break dropped; the byte and char buffers are wiped. */
    static Secret decode(byte[] bytes) {
        CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        int n = cb.limit();
        if (n > 0 && cb.get(n - 1) == '\n') {
            n--;
            if (n > 0 && cb.get(n - 1) == '\r') {
                n--;
            }
        }
        char[] chars = new char[n];
        cb.get(chars, 0, n);
        Arrays.fill(cb.array(), '\0');
        Secret s = Secret.of(chars);
        Arrays.fill(chars, '\0');
        return s;
    }

    private static String mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", m);
    }
}
