package dev.mcphybrid.audit;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Audit records that could not be written to the database, kept on disk as JSON lines, one file per batch, until
 * they are. A file is written under a temporary name and renamed, so a crash never leaves a half batch behind.
 */
public final class AuditSpool {

    private static final Jsonb JSONB = JsonbBuilder.create();
    private final Path directory;
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

    public AuditSpool(Path directory) {
        this.directory = directory;
    }

    public void write(List<AuditRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            String name = String.format("%020d", sequence.incrementAndGet());
            Path temporary = directory.resolve(name + ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                for (AuditRecord record : batch) {
                    out.write(JSONB.toJson(record));
                    out.newLine();
                }
            }
            Files.move(temporary, directory.resolve(name + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool " + batch.size() + " audit records to " + directory, e);
        }
    }

    /** The oldest spooled batch, if any. */
    public Optional<Path> oldest() {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<AuditRecord> read(Path file) {
        try {
            List<AuditRecord> records = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    records.add(JSONB.fromJson(line, AuditRecord.class));
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renames a batch that cannot be read to {@code <name>.unreadable}, out of the replay's way, for an operator to look at. */
    public Path setAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.jsonl$", "") + ".unreadable");
        try {
            return Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a batch could be spooled now. */
    public boolean writable() {
        try {
            Files.createDirectories(directory);
            return Files.isWritable(directory);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Number of spooled batches waiting for the database. */
    public int pendingFiles() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    public Path directory() {
        return directory;
    }
}
