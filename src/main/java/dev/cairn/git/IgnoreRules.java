package dev.cairn.git;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.ignore.FastIgnoreRule;

/**
 * Rules in gitignore syntax (used for {@code .cairnignore}), matched by JGit's implementation so
 * that they mean exactly what they mean to Git. Paths are relative to the directory that holds
 * the rules file.
 */
public final class IgnoreRules {

    public static final IgnoreRules EMPTY = new IgnoreRules(List.of());

    private final List<FastIgnoreRule> rules;

    private IgnoreRules(List<FastIgnoreRule> rules) {
        this.rules = rules;
    }

    public static IgnoreRules parse(String text) {
        List<FastIgnoreRule> rules = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            FastIgnoreRule rule = new FastIgnoreRule(line);
            if (!rule.isEmpty()) {
                rules.add(rule);
            }
        }
        return rules.isEmpty() ? EMPTY : new IgnoreRules(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The verdict of the last rule that matches: TRUE ignored, FALSE re-included by a negation,
     * null when no rule speaks about the path.
     */
    public Boolean match(String relpath, boolean isDirectory) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            FastIgnoreRule rule = rules.get(i);
            if (rule.isMatch(relpath, isDirectory, false)) {
                return rule.getResult();
            }
        }
        return null;
    }
}
