package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedValuesTest {
    @Test
    void stringsStayStringsAndJsonIsTyped() {
        Map<String, Object> p = NamedValues.parse(List.of("Name=Ada", "Expr=a=b", "Empty="),
                List.of("N=3", "Big=123456789012345678901234567890", "Obj={\"a\":[1,true,null]}", "Nil=null"));
        assertThat(p.keySet()).containsExactly("Name", "Expr", "Empty", "N", "Big", "Obj", "Nil");
        assertThat(p.get("Name")).isEqualTo("Ada");
        assertThat(p.get("Expr")).isEqualTo("a=b");
        assertThat(p.get("Empty")).isEqualTo("");
        assertThat(((JsonNode) p.get("N")).isInt()).isTrue();
        assertThat(((JsonNode) p.get("Big")).isBigInteger()).isTrue();
        assertThat(((JsonNode) p.get("Obj")).get("a").size()).isEqualTo(3);
        assertThat(((JsonNode) p.get("Nil")).isNull()).isTrue();
    }

    @Test
    void aNameWithoutValueIsASwitch() {
        assertThat(NamedValues.parse(List.of("Force", "Name=x"), List.of()))
                .containsEntry("Force", Boolean.TRUE).containsEntry("Name", "x");
    }

    @Test
    void refusesMalformedEntriesWithAnExample() {
        assertThatThrownBy(() -> NamedValues.parse(List.of("-Force"), List.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("without a dash").hasMessageContaining("--param Force");
        assertThatThrownBy(() -> NamedValues.parse(List.of("=x"), List.of())).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> NamedValues.parse(List.of("-Name=x"), List.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("without a dash");
        assertThatThrownBy(() -> NamedValues.parse(List.of("Na me=x"), List.of())).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> NamedValues.parse(List.of("A=1"), List.of("a=2")))
                .isInstanceOf(UsageException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> NamedValues.parse(List.of(), List.of("N=1 2")))
                .isInstanceOf(UsageException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> NamedValues.parse(List.of(), List.of("N={")))
                .isInstanceOf(UsageException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> NamedValues.parse(List.of(), List.of("N=")))
                .isInstanceOf(UsageException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> NamedValues.parse(List.of(), List.of("N=abc")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--param for a plain string");
    }
}
