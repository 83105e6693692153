package dev.cairn.app;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.HashAlgorithm;
import dev.cairn.odb.ObjectStore;
import dev.cairn.odb.StorageObjectStore;
import dev.cairn.repo.Config;
import dev.cairn.repo.IniFile;
import dev.cairn.repo.Repository;
import dev.cairn.storage.Storage;
import dev.cairn.storage.local.LocalStorage;
import dev.cairn.util.CairnException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remotes: their configuration ({@code ['remote "name"']} sections, {@code core.remote}) and the
 * one place that turns a URL into a storage backend, by scheme.
 */
public final class RemoteService {

    /** A configured remote; {@code url} has any password masked. */
    public record Remote(String name, String url, boolean isDefault) {
    }

    /** Keys whose values are secrets: kept out of listings and messages. */
    private static final Set<String> SECRET_KEYS = Set.of("password", "secret_access_key", "access_key_id",
            "session_token", "credentialpath", "keyfile_password");

    private final Repository repo;
    private final Path relativeBase;

    public RemoteService(Repository repo) {
        this(repo, repo.metaDir());
    }

    /**
     * Remotes of {@code repo} whose relative directory URLs resolve against {@code relativeBase};
     * null refuses them (a repository read from a Git URL has no directory here to be relative to).
     */
    public RemoteService(Repository repo, Path relativeBase) {
        this.repo = repo;
        this.relativeBase = relativeBase;
    }

    private static String section(String name) {
        return "remote \"" + name + "\"";
    }

    private static void checkName(String name) {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
            throw CairnException.badInput("'" + name + "' is not a valid remote name (letters, digits, '.', '_', '-')");
        }
    }

    /**
     * A relative directory given on the command line means relative to {@code cwd}; the config
     * stores it relative to the config file's directory, as DVC does.
     */
    public String normalizeUrl(String url, Path cwd) {
        if (url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || Path.of(url).isAbsolute()) {
            return url;
        }
        return dev.cairn.util.SafePaths.toPosix(repo.metaDir().relativize(cwd.resolve(url).normalize()));
    }

    public void add(Config.Level level, String name, String url, boolean makeDefault, boolean force) {
        checkName(name);
        Config config = repo.config();
        if (config.get(section(name), "url") != null && !force) {
            throw CairnException.badInput("remote '" + name + "' exists already; use -f to replace it");
        }
        refusePasswordInCommittedUrl(level, name, url);
        scheme(name, url); // refuses what cannot be used, before anything is written (without connecting)
        config.level(level).set(section(name), "url", url);
        config.save(level);
        if (makeDefault) {
            setDefault(level, name);
        }
    }

    /** A URL with a password would be committed to Git with .cairn/config: refused before anything is written. */
    private static void refusePasswordInCommittedUrl(Config.Level level, String name, String url) {
        if (level == Config.Level.REPO && hasPassword(url)) {
            throw CairnException.badInput("remote '" + name + "': the URL " + maskCredentials(url) + " holds a password,"
                    + " and .cairn/config is committed to Git"
                    + "\nhint: give the URL without it and keep the secret in .cairn/config.local: 'cairn remote modify --local "
                    + name + " password ...' (S3: access_key_id and secret_access_key), or use 'cairn remote add --local'");
        }
    }

    public void modify(Config.Level level, String name, String key, String value, boolean unset) {
        requireRemote(name);
        if (key.equals("url") && value != null) {
            refusePasswordInCommittedUrl(level, name, value);
        }
        Config config = repo.config();
        if (unset) {
            if (!config.level(level).unset(section(name), key)) {
                throw CairnException.badInput("remote '" + name + "' has no '" + key + "' in " + config.file(level));
            }
        } else {
            if (value == null) {
                throw CairnException.badInput("remote modify needs a value for '" + key + "' (or --unset)");
            }
            config.level(level).set(section(name), key, value);
        }
        config.save(level);
    }

    public void remove(String name) {
        requireRemote(name);
        Config config = repo.config();
        for (Config.Level level : Config.Level.values()) {
            IniFile ini = config.level(level);
            Map<String, IniFile.Value> keys = ini.sections().get(section(name));
            if (keys != null) {
                ini.sections().remove(section(name));
            }
            IniFile.Value def = ini.get("core", "remote");
            if (def != null && def.value().equals(name)) {
                ini.unset("core", "remote");
            }
            config.save(level);
        }
    }

    public void rename(String from, String to) {
        requireRemote(from);
        checkName(to);
        Config config = repo.config();
        if (config.get(section(to), "url") != null) {
            throw CairnException.badInput("remote '" + to + "' exists already");
        }
        for (Config.Level level : Config.Level.values()) {
            IniFile ini = config.level(level);
            Map<String, IniFile.Value> keys = ini.sections().remove(section(from));
            if (keys != null) {
                keys.forEach((k, v) -> ini.set(section(to), k, v.value()));
            }
            IniFile.Value def = ini.get("core", "remote");
            if (def != null && def.value().equals(from)) {
                ini.set("core", "remote", to);
            }
            config.save(level);
        }
    }

    public void setDefault(Config.Level level, String name) {
        requireRemote(name);
        Config config = repo.config();
        config.level(level).set("core", "remote", name);
        config.save(level);
    }

    /** The default remote's name, or null. */
    public String defaultName() {
        IniFile.Value v = repo.config().get("core", "remote");
        return v == null ? null : v.value();
    }

    public List<Remote> list() {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Config.Level level : Config.Level.values()) {
            for (Map.Entry<String, Map<String, IniFile.Value>> s : repo.config().level(level).sections().entrySet()) {
                String sec = s.getKey();
                if (sec.startsWith("remote \"") && s.getValue().containsKey("url")) {
                    urls.put(sec.substring(8, sec.length() - 1), s.getValue().get("url").value());
                }
            }
        }
        String def = defaultName();
        List<Remote> result = new ArrayList<>();
        urls.forEach((n, u) -> result.add(new Remote(n, maskCredentials(u), n.equals(def))));
        return result;
    }

    /**
     * {@code scheme://user:secret@host} → {@code scheme://user:***@host}. Everything between the
     * first ':' of the user part and the last '@' is masked, so a secret holding '/' or '@'
     * (unencoded, as people paste them) is masked too; a path with ':' and '@' may be over-masked.
     */
    public static String maskCredentials(String url) {
        int start = passwordStart(url);
        return start < 0 ? url : url.substring(0, start) + "***" + url.substring(url.lastIndexOf('@'));
    }

    /** Where the password of a URL's user part starts, or -1 when it has none. */
    private static int passwordStart(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://").matcher(url);
        if (!m.find()) {
            return -1;
        }
        int at = url.lastIndexOf('@');
        int colon = url.indexOf(':', m.end());
        return at > m.end() && colon >= 0 && colon < at ? colon + 1 : -1;
    }

    /** Whether a URL carries a password (or a secret key) in its user part. */
    public static boolean hasPassword(String url) {
        return passwordStart(url) >= 0;
    }

    public static boolean isSecretKey(String key) {
        return SECRET_KEYS.contains(key);
    }

    private void requireRemote(String name) {
        if (repo.config().get(section(name), "url") == null) {
            throw CairnException.badInput("no remote named '" + name + "' (see 'cairn remote list')");
        }
    }

    /** The object store of remote {@code name}, or of the default remote when null. */
    public ObjectStore open(String name) {
        String chosen = name != null ? name : defaultName();
        if (chosen == null) {
            throw CairnException.badInput("no remote given and no default remote set"
                    + "\nhint: cairn remote add -d <name> <url>, or pass -r <name>");
        }
        IniFile.Value url = repo.config().get(section(chosen), "url");
        if (url == null) {
            throw CairnException.badInput("no remote named '" + chosen + "' (see 'cairn remote list')");
        }
        // decorators are stacked here and nowhere else
        Storage storage = dev.cairn.storage.RetryingStorage.wrap(storageFor(chosen, url.value()));
        return new StorageObjectStore(storage, new FileHasher(HashAlgorithm.MD5));
    }

    /**
     * How many objects to move at once with a remote: {@code requested} (-j) when given, else the
     * remote's {@code jobs} option, else what suits the backend — object stores answer many requests in
     * parallel, an SSH server limits sessions, a directory is bound by its disk.
     */
    public int jobs(String name, int requested) {
        return requested > 0 ? requested : defaultJobs(name);
    }

    private int defaultJobs(String name) {
        String chosen = name != null ? name : defaultName();
        IniFile.Value url = chosen == null ? null : repo.config().get(section(chosen), "url");
        if (url == null) {
            return 1; // open() will say what is wrong
        }
        String jobs = options(chosen).get("jobs");
        if (jobs != null) {
            try {
                int n = Integer.parseInt(jobs.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw CairnException.badInput("remote '" + chosen + "': jobs = '" + jobs + "' is not a positive number");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return switch (scheme(chosen, url.value())) {
            case "s3", "gs" -> Math.max(8, 4 * cores);
            case "ssh" -> 4;
            default -> 2 * cores;
        };
    }

    /** The options of a remote, local values over repository ones. */
    private Map<String, String> options(String name) {
        Map<String, String> options = new LinkedHashMap<>();
        for (Config.Level level : Config.Level.values()) {
            Map<String, IniFile.Value> keys = repo.config().level(level).sections().get(section(name));
            if (keys != null) {
                keys.forEach((k, v) -> options.put(k, v.value()));
            }
        }
        return options;
    }

    private static final Set<String> SCHEMES = Set.of("", "file", "s3", "gs", "ssh");

    /** The URL's scheme ("" for a plain directory), refusing those no backend serves. */
    private static String scheme(String name, String url) {
        String scheme = url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")
                ? url.substring(0, url.indexOf(':')).toLowerCase(java.util.Locale.ROOT) : "";
        if (!SCHEMES.contains(scheme)) {
            throw CairnException.badInput("remote '" + name + "': unknown URL scheme '" + scheme + "' in "
                    + maskCredentials(url) + " (expected a directory, file://, s3://, gs:// or ssh://)");
        }
        if ((scheme.equals("s3") || scheme.equals("gs")) && url.indexOf('@') >= 0) {
            // keys in the user part (often with an unencoded '/') would be read as part of the path
            throw CairnException.badInput("remote '" + name + "': " + maskCredentials(url) + ": credentials do not belong"
                    + " in the URL\nhint: give " + scheme + "://bucket/prefix and keep keys in .cairn/config.local: "
                    + (scheme.equals("s3") ? "'cairn remote modify --local " + name + " access_key_id ...' and 'secret_access_key ...'"
                            : "'cairn remote modify --local " + name + " credentialpath ...'"));
        }
        if (!scheme.isEmpty() && !scheme.equals("file")) {
            URI parsed;
            try {
                parsed = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw CairnException.badInput("remote '" + name + "': " + maskCredentials(url) + " is not a valid URL");
            }
            if (parsed.getHost() == null) {
                throw CairnException.badInput("remote '" + name + "': " + maskCredentials(url) + " names no "
                        + (scheme.equals("ssh") ? "host" : "bucket"));
            }
        }
        return scheme;
    }

    /** The composition root of storage backends: the URL's scheme picks one. */
    private Storage storageFor(String name, String url) {
        try {
            return switch (scheme(name, url)) {
                case "file" -> new LocalStorage(Path.of(URI.create(url)));
                case "s3" -> dev.cairn.storage.s3.S3Storage.open(URI.create(url), options(name));
                case "gs" -> dev.cairn.storage.gcs.GcsStorage.open(URI.create(url), options(name));
                case "ssh" -> dev.cairn.storage.ssh.SshStorage.open(URI.create(url), options(name));
                default -> {
                    if (relativeBase == null && !Path.of(url).isAbsolute()) {
                        throw CairnException.badInput("remote '" + name + "': the relative path '" + url
                                + "' cannot be reached from a repository read from a Git URL");
                    }
                    yield new LocalStorage((relativeBase == null ? Path.of(url) : relativeBase.resolve(url)).normalize());
                }
            };
        } catch (dev.cairn.storage.StorageException | IllegalArgumentException e) {
            throw CairnException.failed("remote '" + name + "': " + maskCredentials(String.valueOf(e.getMessage())), e);
        }
    }
}
