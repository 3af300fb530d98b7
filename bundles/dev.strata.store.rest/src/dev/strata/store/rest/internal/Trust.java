package dev.strata.store.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of a REST store that trusts given certificates instead of the JDK's authorities:
 * those of a key store, or the one(s) of a certificate file, which pins the server's certificate.
 * Host names are still checked against the certificate (the HTTP client does that).
 */
final class Trust {

    private Trust() {
    }

    /**
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no
     *                                  certificate
     */
    static SSLContext context(Path file, String password) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the trust store " + file + ": " + e.getMessage(), e);
        }
        try {
            KeyStore trusted = certificates(bytes);
            if (trusted == null) {
                trusted = keyStore(file, bytes, password);
            }
            if (trusted.size() == 0) {
                throw new IllegalArgumentException("The trust store " + file + " holds no certificate"
                        + (password == null ? " that can be read without a password" : ""));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot use the trust store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM or DER file, as a key store; null if the file is not one. */
    private static KeyStore certificates(byte[] bytes) throws GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            return null;
        }
        if (certs.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate c : certs) {
            store.setCertificateEntry("pinned-" + i++, c);
        }
        return store;
    }

    private static KeyStore keyStore(Path file, byte[] bytes, String password) throws GeneralSecurityException {
        char[] pw = password == null ? null : password.toCharArray();
        // PKCS12 first (the JDK's default); the JDK's PKCS12 and JKS types each read the other's files.
        for (String type : new String[] { "PKCS12", "JKS" }) {
            KeyStore store = KeyStore.getInstance(type);
            try {
                store.load(new ByteArrayInputStream(bytes), pw);
                return store;
            } catch (IOException e) {
                if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                    throw new IllegalArgumentException("Cannot open the trust store " + file + ": wrong password", e);
                }
            }
        }
        throw new IllegalArgumentException("The trust store " + file + " is neither a certificate (PEM or DER) nor a"
                + " PKCS12 or JKS key store");
    }
}
