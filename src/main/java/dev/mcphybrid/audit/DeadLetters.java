package dev.mcphybrid.audit;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Audit records the database can never take as they are, one JSON file per record named by its execution id
 * ({@code <id>.json}), next to the spool. They stay until replayed successfully or deleted; a record refused twice
 * keeps one file. An unreadable file is left alone and logged, never deleted.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final String SUFFIX = ".json";

    private final Path directory;

    public DeadLetters(Path directory) {
        this.directory = directory;
    }

    /** Keeps the record; a record already kept gets its attempt counted instead. */
    public DeadLetter add(AuditRecord record, WriteFailure failure) {
        DeadLetter letter = find(record.id()).map(old -> old.refusedAgain(failure))
                .orElseGet(() -> new DeadLetter(record.id(), Instant.now(), failure.message(), failure.sqlState(), 1, Instant.now(), record));
        save(letter);
        return letter;
    }

    public void save(DeadLetter letter) {
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve(letter.id() + ".tmp");
            Files.writeString(temporary, JSONB.toJson(letter), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(temporary, file(letter.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep dead letter " + letter.id() + " in " + directory, e);
        }
    }

    public Optional<DeadLetter> find(UUID id) {
        Path file = file(id);
        return Files.isRegularFile(file) ? Optional.ofNullable(read(file)) : Optional.empty();
    }

    /** Every dead letter, oldest first. */
    public List<DeadLetter> all() {
        List<DeadLetter> letters = new ArrayList<>();
        for (Path file : files()) {
            DeadLetter letter = read(file);
            if (letter != null) {
                letters.add(letter);
            }
        }
        letters.sort(Comparator.comparing(DeadLetter::deadAt).thenComparing(l -> l.id().toString()));
        return letters;
    }

    public boolean remove(UUID id) {
        try {
            return Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int count() {
        return files().size();
    }

    public Path directory() {
        return directory;
    }

    private List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(UUID id) {
        return directory.resolve(id + SUFFIX);
    }

    private static DeadLetter read(Path file) {
        try {
            return JSONB.fromJson(Files.readString(file, StandardCharsets.UTF_8), DeadLetter.class);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Unreadable audit dead letter " + file + " left in place", e);
            return null;
        }
    }
}
