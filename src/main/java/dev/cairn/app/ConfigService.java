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

    public List<String> list(Config.Level only) {
        return repo.config().list(only);
    }
}
