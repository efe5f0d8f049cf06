package dev.smctl.runbook;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/pipeline-steps.md is the contract the plugin and the shared library are written against; it must name every
 * action a definition may use, with exactly the arguments the engine takes.
 */
class StepContractTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\| `(sm[A-Za-z0-9]+)` \\|(.*)\\|$");
    private static final Pattern WORD = Pattern.compile("`([a-zA-Z]+)`");

    @Test
    void theStepTableNamesEveryActionWithExactlyItsArguments() throws IOException {
        Map<String, Set<String>> documented = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "pipeline-steps.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String arguments = row.group(3).split("→")[0];
                String previous;
                do {
                    previous = arguments;
                    arguments = arguments.replaceAll("\\([^()]*\\)", "");
                } while (!arguments.equals(previous));
                Set<String> names = new TreeSet<>();
                Matcher word = WORD.matcher(arguments);
                while (word.find()) {
                    names.add(word.group(1));
                }
                documented.put(row.group(1), names);
            }
        }

        StepActions.ARGUMENTS.forEach((action, arguments) ->
                assertThat(documented.get(action)).as("docs/pipeline-steps.md row of %s", action).isEqualTo(new TreeSet<>(arguments)));
    }
}
