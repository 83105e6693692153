package dev.cairn.cli;

import dev.cairn.app.RemoteService;
import dev.cairn.repo.Config;
import dev.cairn.repo.Layout;
import dev.cairn.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remote", description = "Manage remotes: where push, pull and fetch move data.",
        subcommands = {RemoteCommand.Add.class, RemoteCommand.ListRemotes.class, RemoteCommand.Modify.class,
            RemoteCommand.Remove.class, RemoteCommand.Rename.class, RemoteCommand.Default.class})
public final class RemoteCommand extends BaseCommand {

    @Override
    protected int execute() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    /** Shared by the subcommands. */
    abstract static class Sub extends BaseCommand {
        @Option(names = "--local", description = "Use .cairn/config.local (personal, not committed; for secrets).")
        boolean local;

        RemoteService remotes() {
            return new RemoteService(Repository.discover(cli().cwd(), Layout.CAIRN));
        }

        Config.Level level() {
            return local ? Config.Level.LOCAL : Config.Level.REPO;
        }
    }

    @Command(name = "add", description = "Add a remote: a directory, or a file://, s3://, gs:// or ssh:// URL.",
            footer = {"", "Examples:", "  cairn remote add -d storage /mnt/shared/cairn",
                      "  cairn remote add -d storage s3://bucket/project && cairn remote modify storage region eu-west-1",
                      "  cairn remote add backup ssh://me@host/srv/cairn"})
    static final class Add extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "Name of the remote.") String name;
        @Parameters(index = "1", paramLabel = "URL", description = "Directory, file://, s3://bucket/prefix, gs://bucket/prefix or ssh://[user@]host[:port]/path.") String url;
        @Option(names = {"-d", "--default"}, description = "Make it the default remote.") boolean makeDefault;
        @Option(names = {"-f", "--force"}, description = "Replace a remote of the same name.") boolean force;

        @Override
        protected int execute() {
            RemoteService r = remotes();
            r.add(level(), name, r.normalizeUrl(url, cli().cwd()), makeDefault, force);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List remotes (credentials masked).")
    static final class ListRemotes extends Sub {
        @Override
        protected int execute() {
            for (RemoteService.Remote r : remotes().list()) {
                out().println(r.name() + "\t" + r.url() + (r.isDefault() ? "\t(default)" : ""));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "modify", description = "Set or unset an option of a remote.")
    static final class Modify extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "Name of the remote.") String name;
        @Parameters(index = "1", paramLabel = "KEY", description = "Option, e.g. url, endpointurl, region, profile, keyfile.") String key;
        @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "New value (omit with --unset).") String value;
        @Option(names = {"-u", "--unset"}, description = "Remove the option.") boolean unset;

        @Override
        protected int execute() {
            if (!local && value != null && RemoteService.isSecretKey(key)) {
                err().println("WARNING: '" + key + "' is a secret; .cairn/config is committed to Git. Consider --local.");
            }
            remotes().modify(level(), name, key, value, unset);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove a remote.")
    static final class Remove extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "Name of the remote.") String name;

        @Override
        protected int execute() {
            remotes().remove(name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "rename", description = "Rename a remote.")
    static final class Rename extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "Current name.") String name;
        @Parameters(index = "1", paramLabel = "NEW", description = "New name.") String newName;

        @Override
        protected int execute() {
            remotes().rename(name, newName);
            return ExitCodes.OK;
        }
    }

    @Command(name = "default", description = "Show or set the default remote.")
    static final class Default extends Sub {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Remote to make the default (omit to show it).") String name;

        @Override
        protected int execute() {
            RemoteService r = remotes();
            if (name == null) {
                String d = r.defaultName();
                if (d == null) {
                    err().println("ERROR: no default remote is set");
                    return ExitCodes.FAILED;
                }
                out().println(d);
            } else {
                r.setDefault(level(), name);
            }
            return ExitCodes.OK;
        }
    }
}
