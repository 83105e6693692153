package dev.cairn.repo;

import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's configuration: {@code config} (committed) overlaid by {@code config.local}
 * (personal, git-ignored, mode 0600, for secrets).
 */
public final class Config {

    /** Where a setting lives; later levels override earlier ones. */
    public enum Level {
        REPO("config"), LOCAL("config.local");

        private final String fileName;

        Level(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    private final Path metaDir;
    private final Map<Level, IniFile> levels = new EnumMap<>(Level.class);

    private Config(Path metaDir) {
        this.metaDir = metaDir;
    }

    public static Config load(Path metaDir) {
        Config config = new Config(metaDir);
        for (Level level : Level.values()) {
            config.levels.put(level, read(config.file(level)));
        }
        return config;
    }

    /** A configuration read from elsewhere (a Git revision): {@code repoLevel} is all of it, no local level. */
    public static Config of(Path metaDir, IniFile repoLevel) {
        Config config = new Config(metaDir);
        config.levels.put(Level.REPO, repoLevel);
        config.levels.put(Level.LOCAL, new IniFile());
        return config;
    }

    private static IniFile read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return IniFile.parse(text, file.toString());
        } catch (NoSuchFileException e) {
            return new IniFile();
        } catch (CharacterCodingException e) {
            throw CairnException.badInput(file + ": not valid UTF-8 text");
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
    }

    public Path file(Level level) {
        return metaDir.resolve(level.fileName());
    }

    /** The effective value of {@code section.key}, or null. */
    public IniFile.Value get(String section, String key) {
        IniFile.Value local = levels.get(Level.LOCAL).get(section, key);
        return local != null ? local : levels.get(Level.REPO).get(section, key);
    }

    public String getString(String section, String key, String fallback) {
        IniFile.Value v = get(section, key);
        return v == null ? fallback : v.value();
    }

    public IniFile level(Level level) {
        return levels.get(level);
    }

    /** Every effective {@code section.key=value}, local values overriding repository ones. */
    public List<String> list(Level only) {
        if (only != null) {
            return levels.get(only).list();
        }
        List<String> out = new ArrayList<>(levels.get(Level.REPO).list());
        for (String line : levels.get(Level.LOCAL).list()) {
            String key = line.substring(0, line.indexOf('='));
            out.removeIf(l -> l.startsWith(key + "="));
            out.add(line);
        }
        return out;
    }

    /** Writes one level back to its file, atomically; config.local keeps mode 0600. */
    public void save(Level level) {
        byte[] bytes = levels.get(level).render().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file(level), bytes,
                level == Level.LOCAL ? PosixFilePermissions.fromString("rw-------") : null);
    }
}
