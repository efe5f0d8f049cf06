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
import java.util.Map;
import java.util.Set;

/** Who belongs to which approver group. Jenkins answers from its security realm; smctl from a file. */
@FunctionalInterface
public interface GroupDirectory {
    /** A directory that knows no groups: only approvers named one by one are eligible. */
    GroupDirectory NONE = user -> Set.of();

    Set<String> groupsOf(String user);

    /**
     * A YAML map from group to members, e.g. {@code sre-leads: [alice, bob]}. Names compare case-insensitively,
     * as people type them at a prompt.
     */
    static GroupDirectory fromFile(Path file) {
        Map<String, List<String>> groups;
        try {
            groups = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), new TypeReference<>() { });
        } catch (IOException e) {
            throw new InvalidRequest("cannot read the approver groups %s: %s; it maps each group to its members, e.g. 'sre-leads: [alice, bob]'"
                    .formatted(Names.quote(file.toString()), Names.oneLine(e.getMessage(), 200)));
        }
        Map<String, Set<String>> byUser = new HashMap<>();
        if (groups != null) {
            groups.forEach((group, members) -> {
                if (members != null) {
                    members.forEach(m -> byUser.computeIfAbsent(m.toLowerCase(java.util.Locale.ROOT), k -> new HashSet<>()).add(group));
                }
            });
        }
        return user -> Set.copyOf(byUser.getOrDefault(user.toLowerCase(java.util.Locale.ROOT), Set.of()));
    }
}
