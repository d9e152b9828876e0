package io.jenkins.plugins.promotiongates.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.Map;

/**
 * Replaces the CLI's markers by ASCII stand-ins when the output charset cannot encode them, so that a C locale reads
 * {@code + signature PASSED} instead of {@code ? signature PASSED}. Other characters pass unchanged.
 */
final class AsciiFallbackWriter extends Writer {
    private static final Map<Character, String> STAND_INS = Map.ofEntries(Map.entry('✔', "+"), Map.entry('✘', "x"),
            Map.entry('⚠', "!"), Map.entry('…', "..."), Map.entry('–', "-"), Map.entry('—', "-"),
            Map.entry('→', "->"), Map.entry('←', "<-"), Map.entry('‘', "'"), Map.entry('’', "'"),
            Map.entry('“', "\""), Map.entry('”', "\""));

    private final PrintWriter target;
    private final CharsetEncoder encoder;

    private AsciiFallbackWriter(PrintWriter target, Charset charset) {
        this.target = target;
        this.encoder = charset.newEncoder();
    }

    /** {@code target} itself when the charset encodes every marker, else a writer that substitutes them. */
    static PrintWriter wrap(PrintWriter target, Charset charset) {
        CharsetEncoder encoder = charset.newEncoder();
        boolean encodesAll = STAND_INS.keySet().stream().allMatch(encoder::canEncode);
        return encodesAll ? target : new PrintWriter(new AsciiFallbackWriter(target, charset), true);
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            char c = buffer[i];
            String standIn = STAND_INS.get(c);
            text.append(standIn != null && !encoder.canEncode(c) ? standIn : String.valueOf(c));
        }
        target.write(text.toString());
    }

    @Override
    public void flush() {
        target.flush();
    }

    @Override
    public void close() {
        target.close();
    }
}
