package dev.exobridge.psrp;

import dev.exobridge.psrp.clixml.SecureStringCipher;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The protocol's key exchange (MS-PSRP 3.1.5.4.5): we send an RSA-2048 public key as a CAPI
 * PUBLICKEYBLOB, the server answers with a 32-byte AES-256 session key wrapped in a SIMPLEBLOB
 * (RSA PKCS#1 v1.5, little-endian). SecureStrings are then AES-256-CBC with PKCS#7 padding and
 * a zero IV over the UTF-16LE text, which is how PowerShell itself does it.
 */
public final class SessionKey {
    private static final int BLOB_HEADER = 12;

    private final KeyPair rsa;

    private SessionKey(KeyPair rsa) {
        this.rsa = rsa;
    }

    /** A new RSA-2048 key pair for one session. */
    public static SessionKey generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new SessionKey(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    /** Base64 of our public key as a CAPI PUBLICKEYBLOB (bType 6, CALG_RSA_KEYX, "RSA1"). */
    public String publicKeyBlob() {
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        byte[] modulus = littleEndian(pub.getModulus(), 256);
        ByteBuffer b = ByteBuffer.allocate(20 + modulus.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x06).put((byte) 0x02).putShort((short) 0).putInt(0x0000A400);
        b.putInt(0x31415352).putInt(2048).putInt(pub.getPublicExponent().intValue());
        b.put(modulus);
        return Base64.getEncoder().encodeToString(b.array());
    }

    /**
     * The cipher for SecureStrings, from the server's ENCRYPTED_SESSION_KEY.
     *
     * @throws ProtocolException when the blob is malformed or does not decrypt to 32 bytes
     */
    public SecureStringCipher accept(String encryptedSessionKeyBase64) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(encryptedSessionKeyBase64.strip());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("ENCRYPTED_SESSION_KEY is not base64", e);
        }
        if (blob.length <= BLOB_HEADER) {
            throw new ProtocolException("ENCRYPTED_SESSION_KEY has " + blob.length + " bytes, too short for a SIMPLEBLOB");
        }
        byte[] cipherText = Arrays.copyOfRange(blob, BLOB_HEADER, blob.length);
        reverse(cipherText);
        byte[] key;
        try {
            Cipher rsaCipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsaCipher.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
            key = rsaCipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("the session key from pwsh does not decrypt with our RSA key", e);
        }
        if (key.length != 32) {
            throw new ProtocolException("the session key from pwsh has " + key.length + " bytes, not 32");
        }
        return new AesCipher(key);
    }

    private static byte[] littleEndian(BigInteger n, int size) {
        byte[] be = n.toByteArray();
        byte[] out = new byte[size];
        for (int i = 0; i < size && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static void reverse(byte[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            byte t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** AES-256-CBC, zero IV, PKCS#7, over UTF-16LE. */
    static final class AesCipher implements SecureStringCipher {
        private final SecretKeySpec key;
        private static final IvParameterSpec IV = new IvParameterSpec(new byte[16]);

        AesCipher(byte[] key) {
            this.key = new SecretKeySpec(key, "AES");
        }

        @Override
        public String encrypt(char[] text) {
            ByteBuffer bytes = StandardCharsets.UTF_16LE.encode(CharBuffer.wrap(text));
            byte[] plain = new byte[bytes.remaining()];
            bytes.get(plain);
            try {
                Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.ENCRYPT_MODE, key, IV);
                return Base64.getEncoder().encodeToString(c.doFinal(plain));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES encryption failed", e);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }

        @Override
        public char[] decrypt(String base64) {
            byte[] plain = null;
            try {
                Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.DECRYPT_MODE, key, IV);
                plain = c.doFinal(Base64.getDecoder().decode(base64.strip()));
                CharBuffer chars = StandardCharsets.UTF_16LE.decode(ByteBuffer.wrap(plain));
                char[] out = new char[chars.remaining()];
                chars.get(out);
                return out;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new ProtocolException("a SecureString from pwsh does not decrypt with the session key", e);
            } finally {
                if (plain != null) {
                    Arrays.fill(plain, (byte) 0);
                }
            }
        }
    }
}
