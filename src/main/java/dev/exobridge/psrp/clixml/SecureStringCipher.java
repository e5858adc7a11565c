package dev.exobridge.psrp.clixml;

/**
 * Encrypts and decrypts the content of a CLIXML {@code <SS>} element with the session key that
 * the protocol's key exchange set up (see {@code dev.exobridge.psrp.SessionKey}).
 */
public interface SecureStringCipher {
    /** Base64 of the encrypted UTF-16LE text. */
    String encrypt(char[] text);

    /** The text of a base64 {@code <SS>} content. */
    char[] decrypt(String base64);
}
