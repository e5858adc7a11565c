package dev.exobridge.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.exobridge.Secret;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Against a real tenant with Microsoft's module, only when EXO_APP_ID, EXO_ORGANIZATION,
 * EXO_CERTIFICATE_PATH and EXO_CERTIFICATE_PASSWORD_FILE are set (skipped otherwise; the module
 * must be installed where pwsh finds it).
 */
class RealTenantTest {
    @Test
    void certificateConnectsAndReadsAMailbox() throws Exception {
        String app = System.getenv("EXO_APP_ID");
        String org = System.getenv("EXO_ORGANIZATION");
        String cert = System.getenv("EXO_CERTIFICATE_PATH");
        String pwFile = System.getenv("EXO_CERTIFICATE_PASSWORD_FILE");
        assumeTrue(app != null && org != null && cert != null && pwFile != null,
                "EXO_APP_ID, EXO_ORGANIZATION, EXO_CERTIFICATE_PATH and EXO_CERTIFICATE_PASSWORD_FILE are not all set");
        Secret pw = Secret.of(Files.readString(Path.of(pwFile)).strip());
        var auth = new ExchangeAuth.CertificateFile(app, org, Path.of(cert), pw);
        try (ExchangeSession x = ExchangeSession.open(SessionOptions.builder().pwsh(TestPwsh.pwsh()).build(), auth,
                ExchangeOptions.defaults())) {
            assertThat(x.module().simulator()).isFalse();
            assertThat(x.connection().organization()).isEqualToIgnoringCase(org);
            assertThat(x.connection().tokenExpiry()).isNotNull();
            List<?> one = x.cmdlet("Get-EXOMailbox", Map.of("ResultSize", 1));
            assertThat(one).hasSizeLessThanOrEqualTo(1);
        }
    }
}
