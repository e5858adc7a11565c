package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.psrp.clixml.SecureStringCipher;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The key exchange without pwsh: our PUBLICKEYBLOB, a SIMPLEBLOB wrapped the way pwsh wraps the
 * session key (built here with the JDK's RSA from the blob we sent), and AES as PowerShell uses it.
 */
class SessionKeyTest {
    private final SessionKey key = SessionKey.generate();
    private final byte[] aes = new byte[32];

    SessionKeyTest() {
        for (int i = 0; i < aes.length; i++) {
            aes[i] = (byte) (i * 7 + 1);
        }
    }

    @Test
    void thePublicKeyIsACapiPublicKeyBlobOfRsa2048() {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(key.publicKeyBlob())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.remaining()).isEqualTo(20 + 256);
        assertThat(b.get()).isEqualTo((byte) 0x06); // PUBLICKEYBLOB
        assertThat(b.get()).isEqualTo((byte) 0x02); // version
        assertThat(b.getShort()).isZero();
        assertThat(b.getInt()).isEqualTo(0x0000A400); // CALG_RSA_KEYX
        assertThat(b.getInt()).isEqualTo(0x31415352); // "RSA1"
        assertThat(b.getInt()).isEqualTo(2048);
        assertThat(b.getInt()).isEqualTo(65537);
    }

    @Test
    void theSessionKeyPwshWrapsForUsGivesTheCipherPowerShellUses() throws Exception {
        SecureStringCipher cipher = key.accept(simpleBlob(aes));
        String encrypted = cipher.encrypt("pässwörd 😀".toCharArray());
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aes, "AES"), new IvParameterSpec(new byte[16]));
        assertThat(new String(c.doFinal(Base64.getDecoder().decode(encrypted)), StandardCharsets.UTF_16LE))
                .isEqualTo("pässwörd 😀");
        assertThat(new String(cipher.decrypt(encrypted))).isEqualTo("pässwörd 😀");
    }

    @Test
    void aBrokenSessionKeyIsAProtocolErrorThatSaysWhat() throws Exception {
        assertThatThrownBy(() -> key.accept("not base64 !")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not base64");
        assertThatThrownBy(() -> key.accept(Base64.getEncoder().encodeToString(new byte[12])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> key.accept(simpleBlob(new byte[16]))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("16 bytes, not 32");
        assertThatThrownBy(() -> SessionKey.generate().accept(simpleBlob(aes))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("does not decrypt with our RSA key");
        SecureStringCipher cipher = key.accept(simpleBlob(aes));
        assertThatThrownBy(() -> cipher.decrypt(Base64.getEncoder().encodeToString(new byte[15])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("does not decrypt with the session key");
    }

    /** What pwsh sends: a 12-byte header, then the RSA PKCS#1 v1.5 cipher text, little-endian. */
    private String simpleBlob(byte[] sessionKey) throws Exception {
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, publicKeyFromBlob(key.publicKeyBlob()));
        byte[] wrapped = rsa.doFinal(sessionKey);
        reverse(wrapped);
        byte[] blob = new byte[12 + wrapped.length];
        blob[0] = 0x01; // SIMPLEBLOB
        blob[1] = 0x02;
        System.arraycopy(wrapped, 0, blob, 12, wrapped.length);
        return Base64.getEncoder().encodeToString(blob);
    }

    private static PublicKey publicKeyFromBlob(String base64) throws Exception {
        byte[] blob = Base64.getDecoder().decode(base64);
        int exponent = ByteBuffer.wrap(blob, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] modulus = Arrays.copyOfRange(blob, 20, blob.length);
        reverse(modulus);
        return KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(new BigInteger(1, modulus), BigInteger.valueOf(exponent)));
    }

    private static void reverse(byte[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            byte t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
