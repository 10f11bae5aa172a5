package dev.mcphybrid.common;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Loads operator-written YAML as plain maps and lists: no custom types, no duplicate keys, few aliases. */
public final class SafeYaml {

    private SafeYaml() {
    }

    /** @throws IllegalArgumentException "not valid YAML: " and the parser's first line */
    public static Object load(String text) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
