package dev.mcphybrid.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The steps' {@code needs} as a graph: cycles (a definition with one is refused) and what ends before a step. */
final class StepGraph {

    private StepGraph() {
    }

    /** One cycle, as the ids along it with the first repeated at the end, if there is any. */
    static Optional<List<String>> cycle(List<StepDefinition> steps) {
        Map<String, List<String>> needs = new HashMap<>();
        steps.forEach(s -> needs.put(s.id(), s.needs()));
        Set<String> done = new HashSet<>();
        for (StepDefinition step : steps) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> found = visit(step.id(), needs, done, new LinkedHashSet<>(), path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String id, Map<String, List<String>> needs, Set<String> done,
                                                LinkedHashSet<String> onPath, List<String> path) {
        if (onPath.contains(id)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return Optional.of(cycle);
        }
        if (done.contains(id) || !needs.containsKey(id)) {
            return Optional.empty();
        }
        onPath.add(id);
        path.add(id);
        for (String need : needs.get(id)) {
            Optional<List<String>> found = visit(need, needs, done, onPath, path);
            if (found.isPresent()) {
                return found;
            }
        }
        onPath.remove(id);
        path.remove(path.size() - 1);
        done.add(id);
        return Optional.empty();
    }

    /** Every step that ends before {@code id} starts: its needs, theirs, and so on. */
    static Set<String> ancestors(List<StepDefinition> steps, String id) {
        Map<String, List<String>> needs = new HashMap<>();
        steps.forEach(s -> needs.put(s.id(), s.needs()));
        Set<String> found = new HashSet<>();
        List<String> todo = new ArrayList<>(needs.getOrDefault(id, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (found.add(next)) {
                todo.addAll(needs.getOrDefault(next, List.of()));
            }
        }
        return found;
    }
}
