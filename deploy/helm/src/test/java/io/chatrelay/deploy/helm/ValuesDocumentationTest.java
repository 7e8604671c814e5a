package io.chatrelay.deploy.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** values.yaml is the chart's reference: a comment above every key. */
class ValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_./\"-]+):( .*)?$");
    private static final Pattern LIST_ITEM = Pattern.compile("^( *)- .*$");
    /** Maps whose entries are data (annotation names), documented as a whole above the map. */
    private static final Set<String> DATA_MAPS = Set.of("annotations");

    @Test
    void everyKeyInValuesYamlHasACommentAbove() throws IOException {
        List<String> lines = Files.readAllLines(HelmChart.DIR.resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        Deque<int[]> parents = new ArrayDeque<>(); // {indent, isDataMapOrListItem}
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            if (line.stripLeading().startsWith("#")) {
                previous = line;
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            while (!parents.isEmpty() && parents.peek()[0] >= indent) {
                parents.pop();
            }
            boolean insideData = parents.stream().anyMatch(p -> p[1] == 1);
            Matcher item = LIST_ITEM.matcher(line);
            Matcher key = KEY.matcher(line);
            if (item.matches()) {
                parents.push(new int[] {indent, 1});
            } else if (key.matches()) {
                if (!insideData && !previous.stripLeading().startsWith("#")) {
                    undocumented.add((i + 1) + ": " + line);
                }
                parents.push(new int[] {indent, DATA_MAPS.contains(key.group(2)) ? 1 : 0});
            }
            previous = line;
        }
        assertTrue(undocumented.isEmpty(), () -> "keys without a comment above in values.yaml:\n" + String.join("\n", undocumented));
    }
}
