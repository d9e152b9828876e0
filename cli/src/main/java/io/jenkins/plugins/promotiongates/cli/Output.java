package io.jenkins.plugins.promotiongates.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Where the CLI writes: results to stdout, diagnostics to stderr. Colour only on a terminal and only when
 * {@code NO_COLOR} is unset (https://no-color.org), so piped output stays plain for scripts.
 */
public final class Output {
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colour;
    private final boolean interactive;

    public Output(PrintWriter out, PrintWriter err, boolean colour, boolean interactive) {
        this(out, err, colour, interactive, StandardCharsets.UTF_8);
    }

    /**
     * With a {@code charset} that cannot encode the markers ({@code ✔ ✘ ⚠ → —}, e.g. US-ASCII under
     * {@code LANG=C}), both writers print ASCII stand-ins instead of question marks.
     */
    public Output(PrintWriter out, PrintWriter err, boolean colour, boolean interactive, Charset charset) {
        this.out = AsciiFallbackWriter.wrap(out, charset);
        this.err = AsciiFallbackWriter.wrap(err, charset);
        this.colour = colour;
        this.interactive = interactive;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** Whether stderr progress (hashing large files) is wanted: only on a terminal, quiet when piped. */
    public boolean isInteractive() {
        return interactive;
    }

    public String green(String text) {
        return paint("\u001b[32m", text);
    }

    public String red(String text) {
        return paint("\u001b[31m", text);
    }

    public String yellow(String text) {
        return paint("\u001b[33m", text);
    }

    public String bold(String text) {
        return paint("\u001b[1m", text);
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
