package io.todoplatform.testkit.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** PEM files for the test cluster: the service-account signing key, and trust in the servers' self-signed certs. */
public final class Pem {

    private Pem() {
    }

    /**
     * Writes a fresh RSA key pair as {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY} (X.509
     * SubjectPublicKeyInfo) PEM files: the formats kube-apiserver and kube-controller-manager read for
     * signing and verifying service-account tokens.
     */
    static void writeRsaKeyPair(Path privateKeyFile, Path publicKeyFile) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            write(privateKeyFile, "PRIVATE KEY", pair.getPrivate().getEncoded());
            write(publicKeyFile, "PUBLIC KEY", pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    private static void write(Path file, String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        try {
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** An SSL context that trusts exactly the certificates in the given PEM file (a server's self-signed chain). */
    static SSLContext trusting(Path certificateFile) {
        try (InputStream in = Files.newInputStream(certificateFile)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalStateException("no certificate in " + certificateFile);
            }
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                trustStore.setCertificateEntry("cert-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + certificateFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the certificates in " + certificateFile, e);
        }
    }
}
