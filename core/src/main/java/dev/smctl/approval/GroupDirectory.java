package dev.smctl.approval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Who belongs to which approver group. Jenkins answers from its security realm; smctl from a file. */
@FunctionalInterface
public interface GroupDirectory {
    /** smctl without {@code --groups}: only approvers named one by one are eligible. */
    GroupDirectory NONE = unknown("give smctl --groups FILE mapping each group to its members");

    Set<String> groupsOf(String user);

    /**
     * Whether group membership is known at all; when not, a gate that names groups can only be answered by name, and
     * {@link #whereToSetGroups()} tells the approver what to configure.
     */
    default boolean knowsGroups() {
        return true;
    }

    /** What to configure so that group membership is known; said only when it is not. */
    default String whereToSetGroups() {
        return "";
    }

    /** A directory that knows no groups; {@code whereToSet} is the configuration that would make it know them. */
    static GroupDirectory unknown(String whereToSet) {
        return new GroupDirectory() {
            @Override
            public Set<String> groupsOf(String user) {
                return Set.of();
            }

            @Override
            public boolean knowsGroups() {
                return false;
            }

            @Override
            public String whereToSetGroups() {
                return whereToSet;
            }
        };
    }

    /** {@link #parse} of a file, e.g. {@code smctl --groups approvers.yaml}. */
    static GroupDirectory fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidRequest("cannot read the approver groups %s: %s".formatted(Names.quote(file.toString()), Names.oneLine(e.getMessage(), 200)));
        }
        return parse(text, file.toString());
    }

    /**
     * A YAML map from group to members, e.g. {@code sre-leads: [alice, bob]}. Names compare case-insensitively,
     * as people type them at a prompt.
     *
     * @param source where the text came from, for the error message
     * @throws InvalidRequest when the text is not such a map
     */
    static GroupDirectory parse(String yaml, String source) {
        Map<String, List<String>> groups;
        try {
            groups = new ObjectMapper(new YAMLFactory()).readValue(yaml, new TypeReference<>() { });
        } catch (IOException e) {
            throw new InvalidRequest("the approver groups in %s are not a map from each group to its members (e.g. 'sre-leads: [alice, bob]'): %s"
                    .formatted(source, Names.oneLine(e.getMessage(), 200)));
        }
        Map<String, Set<String>> byUser = new HashMap<>();
        if (groups != null) {
            groups.forEach((group, members) -> {
                if (members != null) {
                    members.forEach(m -> byUser.computeIfAbsent(m.toLowerCase(Locale.ROOT), k -> new HashSet<>()).add(group));
                }
            });
        }
        return user -> Set.copyOf(byUser.getOrDefault(user.toLowerCase(Locale.ROOT), Set.of()));
    }
}
