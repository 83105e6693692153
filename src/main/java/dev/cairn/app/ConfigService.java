package dev.cairn.app;

import dev.cairn.odb.LinkType;
import dev.cairn.repo.Config;
import dev.cairn.repo.IniFile;
import dev.cairn.repo.Repository;
import dev.cairn.util.CairnException;
import java.util.List;

/** {@code cairn config}: reads and edits the repository's config levels, validating known keys. */
public final class ConfigService {

    private final Repository repo;

    public ConfigService(Repository repo) {
        this.repo = repo;
    }

    /** A dotted name: {@code section.key} or {@code remote.<name>.key}. */
    record Name(String section, String key) {
        static Name parse(String dotted) {
            int first = dotted.indexOf('.');
            int last = dotted.lastIndexOf('.');
            if (first <= 0 || last == dotted.length() - 1) {
                throw CairnException.badInput("'" + dotted + "' is not a config name (expected section.key, e.g. cache.type)");
            }
            String section = dotted.substring(0, first);
            String key = dotted.substring(last + 1);
            if (first != last) {
                section = section + " \"" + dotted.substring(first + 1, last) + "\"";
            }
            return new Name(section, key);
        }
    }

    public String get(String dotted) {
        Name n = Name.parse(dotted);
        IniFile.Value v = repo.config().get(n.section(), n.key());
        return v == null ? null : v.value();
    }

    public void set(Config.Level level, String dotted, String value) {
        Name n = Name.parse(dotted);
        if (n.section().equals("cache") && n.key().equals("type")) {
            LinkType.parseList(value, "cache.type");
        }
        Config config = repo.config();
        config.level(level).set(n.section(), n.key(), value);
        config.save(level);
    }

    public void unset(Config.Level level, String dotted) {
        Name n = Name.parse(dotted);
        Config config = repo.config();
        if (!config.level(level).unset(n.section(), n.key())) {
            throw CairnException.badInput("'" + dotted + "' is not set in " + config.file(level));
        }
        config.save(level);
    }

    /**
     * Every setting as {@code key=value}. Secrets are kept out of listings: a remote's keys,
     * passwords and the credentials in its URL are masked ({@code cairn config remote.NAME.password}
     * shows one when asked for by name).
     */
    public List<String> list(Config.Level only) {
        return repo.config().list(only).stream().map(ConfigService::masked).toList();
    }

    private static String masked(String line) {
        int eq = line.indexOf('=');
        String key = line.substring(0, eq);
        if (!key.startsWith("remote.")) {
            return line;
        }
        if (RemoteService.isSecretKey(key.substring(key.lastIndexOf('.') + 1))) {
            return key + "=***";
        }
        return key.endsWith(".url") ? key + "=" + RemoteService.maskCredentials(line.substring(eq + 1)) : line;
    }
}
