package dev.tally.support.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final String SECRET =
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; // 43 base64url characters: 32 zero bytes
    private static final String KEY = "tally_sk_k3qzxw2mf7a5b5cd_" + SECRET;

    @Test
    void generatedKeysParseBackAndDiffer() {
        SecureRandom random = new SecureRandom();
        ApiKey a = ApiKey.generate(random);
        ApiKey b = ApiKey.generate(random);
        assertThat(a.text()).startsWith("tally_sk_").hasSize(9 + 16 + 1 + 43);
        assertThat(ApiKey.parse(a.text())).contains(a);
        assertThat(a.keyId()).isNotEqualTo(b.keyId());
        assertThat(a.text()).isNotEqualTo(b.text());
    }

    @Test
    void parsesOnlyTheExactFormat() {
        assertThat(ApiKey.parse(KEY))
                .hasValueSatisfying(k -> assertThat(k.keyId()).isEqualTo("k3qzxw2mf7a5b5cd"));
        assertThat(ApiKey.parse(null)).isEmpty();
        assertThat(ApiKey.parse("")).isEmpty();
        assertThat(ApiKey.parse("Bearer " + KEY)).isEmpty();
        assertThat(ApiKey.parse(KEY + "A")).isEmpty(); // secret too long
        assertThat(ApiKey.parse(KEY.substring(0, KEY.length() - 1))).isEmpty(); // too short
        assertThat(ApiKey.parse("tally_sk_K3QZXW2MF7A5B5CD_" + SECRET)).isEmpty(); // id is lowercase base32
        assertThat(ApiKey.parse("tally_sk_k3qzxw2mf7a5b5c1_" + SECRET)).isEmpty(); // '1' is not base32
        assertThat(ApiKey.parse("tally_pk_k3qzxw2mf7a5b5cd_" + SECRET)).isEmpty();
        assertThat(ApiKey.parse("tally_sk_k3qzxw2mf7a5b5cd_" + SECRET.replace('A', '+')))
                .isEmpty(); // not url-safe
    }

    @Test
    void storesSha256OfTheSecretAndComparesIt() {
        ApiKey key = ApiKey.parse(KEY).orElseThrow();
        // SHA-256 of the ASCII text of the secret (43 'A'), as `printf %s AAA...A | sha256sum` prints it
        assertThat(HexFormat.of().formatHex(key.secretHash()))
                .isEqualTo(HexFormat.of().formatHex(ApiKey.sha256(SECRET)));
        assertThat(key.secretHash()).hasSize(32);
        assertThat(key.matches(key.secretHash())).isTrue();
        ApiKey other = ApiKey.parse("tally_sk_k3qzxw2mf7a5b5cd_" + SECRET.replace('A', 'B'))
                .orElseThrow();
        assertThat(other.matches(key.secretHash())).isFalse();
        assertThat(key.matches(null)).isFalse();
    }

    @Test
    void printsOnlyTheKeyId() {
        ApiKey key = ApiKey.parse(KEY).orElseThrow();
        assertThat(key.toString()).isEqualTo("tally_sk_k3qzxw2mf7a5b5cd_***").doesNotContain(SECRET);
    }

    @Test
    void readsBearerCredentials() {
        assertThat(ApiKeySecurityMechanism.bearerToken("Bearer " + KEY)).isEqualTo(KEY);
        assertThat(ApiKeySecurityMechanism.bearerToken("bearer  " + KEY)).isEqualTo(KEY);
        assertThat(ApiKeySecurityMechanism.bearerToken("Basic abc")).isNull();
        assertThat(ApiKeySecurityMechanism.bearerToken("Bearer ")).isNull();
        assertThat(ApiKeySecurityMechanism.bearerToken(null)).isNull();
    }
}
