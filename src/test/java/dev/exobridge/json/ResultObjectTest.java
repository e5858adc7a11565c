package dev.exobridge.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.Secret;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsNull;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsSecureString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultObjectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PsJsonMapper mapper = new PsJsonMapper();
    private final CliXmlReader reader = new CliXmlReader(null);

    record Mailbox(String name, BigInteger quota, BigDecimal ratio, List<String> aliases) {
    }

    private ResultObject mailbox() {
        return ResultObject.of(reader.read("""
                <Obj RefId="0"><TN RefId="0"><T>Deserialized.Mailbox</T><T>Deserialized.System.Object</T></TN>
                <ToString>alice</ToString>
                <Props><S N="name">alice</S><U64 N="quota">18446744073709551615</U64><D N="ratio">0.1000000000000000000000000001</D>
                <Obj N="aliases" RefId="1"><TN RefId="1"><T>System.Object[]</T></TN><LST><S>a</S><S>b</S></LST></Obj></Props></Obj>"""),
                mapper);
    }

    @Test
    void carriesJsonTypesAndToStringSideBySide() {
        ResultObject r = mailbox();
        assertThat(r.typeNames()).containsExactly("Deserialized.Mailbox", "Deserialized.System.Object");
        assertThat(r.toStringValue()).isEqualTo("alice");
        assertThat(r.json().get("name").textValue()).isEqualTo("alice");
        assertThat(r.json().has("toString")).isFalse();
        assertThat(r.withTypes().toString()).isEqualTo("{\"types\":[\"Deserialized.Mailbox\",\"Deserialized.System.Object\"],"
                + "\"toString\":\"alice\",\"value\":" + r.json() + "}");
        assertThat(r.secret()).isNull();
    }

    @Test
    void mapsToTheCallersTypesWithEveryDigit() {
        Mailbox m = mailbox().as(JSON, Mailbox.class);
        assertThat(m.quota()).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(m.ratio()).isEqualTo(new BigDecimal("0.1000000000000000000000000001"));
        assertThat(m.aliases()).containsExactly("a", "b");
        Map<String, Object> map = mailbox().as(JSON, new TypeReference<Map<String, Object>>() { });
        assertThat(map).containsEntry("quota", new BigInteger("18446744073709551615"));
        assertThatThrownBy(() -> mailbox().as(JSON, Integer.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot map a Deserialized.Mailbox to java.lang.Integer");
    }

    @Test
    void primitivesAndNullHaveTheirDotNetTypeNames() {
        ResultObject i = ResultObject.of(PsPrimitive.int32(1), mapper);
        assertThat(i.typeNames()).containsExactly("System.Int32");
        assertThat(i.toStringValue()).isNull();
        assertThat(i.withTypes().toString()).isEqualTo("{\"types\":[\"System.Int32\"],\"toString\":null,\"value\":1}");
        assertThat(ResultObject.of(PsNull.INSTANCE, mapper).typeNames()).isEmpty();
        ResultObject date = ResultObject.of(reader.read(
                "<Obj RefId=\"0\"><DT>2020-01-01T00:00:00</DT><MS><S N=\"DisplayHint\">DateTime</S></MS></Obj>"), mapper);
        assertThat(date.typeNames()).containsExactly("System.DateTime");
    }

    @Test
    void aSecureStringIsOnlyASecret() {
        ResultObject r = ResultObject.of(new PsSecureString(Secret.of("pw")), mapper);
        assertThat(r.json().isNull()).isTrue();
        assertThat(r.typeNames()).containsExactly("System.Security.SecureString");
        assertThat(r.secret().reveal()).containsExactly('p', 'w');
        assertThat(r.toString()).doesNotContain("pw");
        assertThat(r.withTypes().toString()).isEqualTo("{\"types\":[\"System.Security.SecureString\"],\"toString\":null,\"value\":null}");
    }
}
