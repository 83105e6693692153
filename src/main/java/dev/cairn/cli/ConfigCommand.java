package dev.cairn.cli;

import dev.cairn.app.ConfigService;
import dev.cairn.repo.Config;
import dev.cairn.repo.Layout;
import dev.cairn.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "config", description = "Get, set or list configuration (section.key, e.g. cache.type).")
public final class ConfigCommand extends BaseCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "section.key or remote.NAME.key")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "New value.")
    String value;

    @Option(names = "--local", description = "Use .cairn/config.local (personal, not committed).")
    boolean local;

    @Option(names = {"-l", "--list"}, description = "List all settings.")
    boolean list;

    @Option(names = {"-u", "--unset"}, description = "Remove the setting.")
    boolean unset;


    @Override
    protected int execute() {
        ConfigService config = new ConfigService(Repository.discover(cli().cwd(), Layout.CAIRN));
        Config.Level level = local ? Config.Level.LOCAL : Config.Level.REPO;
        if (list) {
            config.list(local ? level : null).forEach(out()::println);
            return ExitCodes.OK;
        }
        if (name == null) {
            throw dev.cairn.util.CairnException.badInput("config needs a NAME (or --list)");
        }
        if (unset) {
            config.unset(level, name);
        } else if (value != null) {
            config.set(level, name, value);
        } else {
            String v = config.get(name);
            if (v == null) {
                err().println("ERROR: '" + name + "' is not set");
                return ExitCodes.FAILED;
            }
            out().println(v);
        }
        return ExitCodes.OK;
    }
}
