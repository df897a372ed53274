package io.evalprotocol.cli.internal;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Whether output goes to an interactive terminal that can redraw a line, and how wide it is. */
public final class Terminal {
    private static final int DEFAULT_WIDTH = 80;

    private Terminal() {}

    /**
     * True when {@link System#console()} exists, is a real terminal, and {@code TERM} is not {@code dumb}
     * (Emacs shells, some CI runners: they print {@code \r} literally).
     */
    public static boolean isInteractive(Map<String, String> env) {
        Console console = System.console();
        return console != null && isTerminal(console) && !"dumb".equals(env.get("TERM"));
    }

    // Since JDK 22 System.console() may answer a Console while output is redirected; Console.isTerminal()
    // (JDK 22+) tells. This code is compiled for 17, hence the reflection.
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** {@code COLUMNS} when the shell exports it, else 80. */
    public static int width(Map<String, String> env) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int w = Integer.parseInt(columns.trim());
                if (w >= 20 && w <= 1000) {
                    return w;
                }
            } catch (NumberFormatException e) {
                // fall through to the default
            }
        }
        return DEFAULT_WIDTH;
    }
}
