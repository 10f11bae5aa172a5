package dev.mcphybrid.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.mcphybrid.common.ShippedDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code gateway.*} key has its default in one place: META-INF/microprofile-config.properties for what the
 * gateway's code reads, liberty/server.xml for what Liberty's own configuration reads (datasource, CORS, metrics).
 * README's "Configuration" table lists every key with the same default.
 */
class ConfigurationTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| (`[^|]+`) \\| ([^|]*) \\|");
    private static final Pattern LITERAL = Pattern.compile("^`([^`]*)`$");
    private static final Pattern SERVER_VARIABLE = Pattern.compile("<variable name=\"(gateway\\.[^\"]+)\" defaultValue=\"([^\"]*)\"");
    private static final Pattern LOOKUP = Pattern.compile("get(?:Optional)?Value\\(\"(gateway\\.[a-z0-9.-]+)\"");

    /** README key -> its documented default, or null when the default is described in words. */
    private static Map<String, String> documented;
    private static Properties shipped;
    private static JavaClasses gateway;

    @BeforeAll
    static void read() throws IOException {
        documented = readmeTable(Files.readString(Path.of("README.md")));
        shipped = ShippedDefaults.all();
        gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mcphybrid");
    }

    @Test
    void no_key_is_defaulted_in_the_code() {
        List<String> defaulted = new ArrayList<>();
        injectionPoints().forEach((where, property) -> {
            if (!property.defaultValue().equals(ConfigProperty.UNCONFIGURED_VALUE)) {
                defaulted.add(property.name() + " at " + where);
            }
        });
        assertThat(defaulted).as("defaults belong in microprofile-config.properties").isEmpty();
    }

    @Test
    void every_key_the_code_reads_is_in_the_readme() throws IOException {
        Set<String> read = keysTheCodeReads();
        assertThat(read).as("sanity: the scan finds the keys").contains("gateway.execution.timeout-ms", "gateway.limits.body-bytes");
        assertThat(read.stream().filter(key -> !documented.containsKey(key)).toList())
                .as("keys missing from README's Configuration table").isEmpty();
    }

    @Test
    void every_shipped_default_is_the_one_the_readme_gives() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        shipped.stringPropertyNames().forEach(key -> defaults.put(key, shipped.getProperty(key)));
        // what Liberty's own configuration reads (datasource, CORS, metrics) is defaulted where it is read
        Matcher variable = SERVER_VARIABLE.matcher(Files.readString(Path.of("liberty/server.xml")));
        while (variable.find()) {
            defaults.put(variable.group(1), variable.group(2));
        }
        List<String> wrong = new ArrayList<>();
        defaults.forEach((key, value) -> {
            if (!key.startsWith("gateway.")) {
                return;
            }
            if (!documented.containsKey(key)) {
                wrong.add(key + " is not in the README");
            } else if (documented.get(key) != null && !documented.get(key).equals(value)) {
                wrong.add(key + ": README says " + documented.get(key) + ", the default is " + value);
            }
        });
        assertThat(defaults).as("sanity: defaults found").containsKeys("gateway.execution.timeout-ms", "gateway.db.pool.max");
        assertThat(wrong).isEmpty();
    }

    @Test
    void the_readme_lists_no_key_nothing_reads() throws IOException {
        Set<String> read = keysTheCodeReads();
        String serverXml = Files.readString(Path.of("liberty/server.xml"));
        List<String> stale = documented.keySet().stream().filter(key -> key.startsWith("gateway."))
                .filter(key -> !read.contains(key) && !shipped.containsKey(key) && !serverXml.contains("${" + key + "}")
                        && !serverXml.contains("\"" + key + "\""))
                .toList();
        assertThat(stale).isEmpty();
    }

    private static Set<String> keysTheCodeReads() throws IOException {
        Set<String> keys = new TreeSet<>();
        injectionPoints().values().forEach(property -> keys.add(property.name()));
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher lookup = LOOKUP.matcher(Files.readString(source));
                while (lookup.find()) {
                    keys.add(lookup.group(1));
                }
            }
        }
        keys.removeIf(key -> !key.startsWith("gateway."));
        return keys;
    }

    private static Map<String, ConfigProperty> injectionPoints() {
        Map<String, ConfigProperty> points = new LinkedHashMap<>();
        for (JavaClass type : gateway) {
            for (JavaField field : type.getFields()) {
                field.tryGetAnnotationOfType(ConfigProperty.class).ifPresent(p -> points.put(field.getFullName(), p));
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                for (JavaParameter parameter : unit.getParameters()) {
                    parameter.tryGetAnnotationOfType(ConfigProperty.class)
                            .ifPresent(p -> points.put(unit.getFullName() + "#" + parameter.getIndex(), p));
                }
            }
        }
        return points;
    }

    /**
     * The rows of the Configuration section. A row may name several keys, {@code `a.b.c` / `d` / `.e` / `x.y`}: a
     * later one without a dot, or starting with one, is relative to the first's parent; their defaults then come in
     * the same order, {@code `1` / `2` / `3` / `4`}.
     */
    static Map<String, String> readmeTable(String readme) {
        int start = readme.indexOf("\n## Configuration");
        int end = readme.indexOf("\n## ", start + 1);
        Matcher row = ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Map<String, String> table = new LinkedHashMap<>();
        while (row.find()) {
            String[] names = row.group(1).split(" / ");
            String first = unquote(names[0]);
            String parent = first.substring(0, first.lastIndexOf('.'));
            String[] defaults = row.group(2).trim().split(" / ");
            boolean literal = defaults.length == names.length
                    && Stream.of(defaults).allMatch(d -> LITERAL.matcher(d.trim()).matches());
            for (int i = 0; i < names.length; i++) {
                String name = unquote(names[i]);
                String key = name.startsWith(".") ? parent + name : i > 0 && !name.contains(".") ? parent + "." + name : name;
                table.put(key, literal ? unquote(defaults[i]) : null);
            }
        }
        return table;
    }

    private static String unquote(String cell) {
        String trimmed = cell.trim();
        return trimmed.startsWith("`") && trimmed.endsWith("`") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
