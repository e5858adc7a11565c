package dev.exobridge.session;

import dev.exobridge.json.ResultObject;
import java.util.List;

/**
 * What a call produced: its output objects, its non-terminating errors and its other stream
 * records, each in the order pwsh wrote them.
 *
 * @param output  output objects
 * @param errors  non-terminating error records
 * @param records warning, verbose, debug, information and progress records
 */
public record InvocationResult(List<ResultObject> output, List<PowerShellError> errors, List<StreamRecord> records) {
    public InvocationResult {
        output = List.copyOf(output);
        errors = List.copyOf(errors);
        records = List.copyOf(records);
    }

    /** Whether any error record was written. */
    public boolean hadErrors() {
        return !errors.isEmpty();
    }

    /** Records of one stream. */
    public List<StreamRecord> records(StreamKind kind) {
        return records.stream().filter(r -> r.kind() == kind).toList();
    }
}
