package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks that the first object of {@link Producers#TEN_PROPERTIES} arrived whole (values, not
 * just a count), so no contender wins by dropping work.
 */
final class ObjectCheck {
    private ObjectCheck() {
    }

    /** Throws {@link ContenderFailure} on a wrong field; returns how Manager (nested) arrived. */
    static String firstOfTen(JsonNode o) {
        expect(o, "Id", o.path("Id").asLong() == 1);
        expect(o, "Name", o.path("Name").asText().equals("item1"));
        expect(o, "Mail", o.path("Mail").asText().equals("user1@contoso.com"));
        expect(o, "Size", o.path("Size").asLong() == 1024);
        expect(o, "Count", o.path("Count").asLong() == 1);
        expect(o, "Created", o.path("Created").asText().startsWith("2020-01-02T03:04:05"));
        expect(o, "Modified", o.path("Modified").asText().startsWith("2021-03-04T05:06:07"));
        expect(o, "Enabled", o.path("Enabled").isBoolean() && !o.path("Enabled").asBoolean());
        expect(o, "Department", o.path("Department").asText().equals("Sales"));
        expect(o, "field count", o.size() == 10);
        JsonNode manager = o.path("Manager");
        if (manager.isObject()) {
            expect(o, "Manager", manager.path("Id").asLong() == 2 && manager.path("Name").asText().equals("mgr1"));
            return "object";
        }
        expect(o, "Manager", manager.asText().contains("mgr1"));
        return "string";
    }

    private static void expect(JsonNode o, String field, boolean ok) {
        if (!ok) {
            String text = o.toString();
            throw new ContenderFailure("wrong " + field + " in the first object: "
                    + (text.length() > 200 ? text.substring(0, 197) + "..." : text));
        }
    }
}
