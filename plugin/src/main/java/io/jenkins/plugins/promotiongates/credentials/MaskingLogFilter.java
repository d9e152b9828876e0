package io.jenkins.plugins.promotiongates.credentials;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.util.Secret;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Masks the bound secrets in the block's console output, line by line. Secrets are held as {@link Secret}s. */
final class MaskingLogFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<Secret> secrets;

    MaskingLogFilter(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    @Override
    @SuppressWarnings("rawtypes") // upstream signature
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        SecretMasker masker = new SecretMasker(secrets.stream().map(Secret::getPlainText).toList());
        return new MaskingStream(logger, masker);
    }

    /** Buffers one line, masks it, writes it on. */
    static final class MaskingStream extends FilterOutputStream {
        private final SecretMasker masker;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        MaskingStream(OutputStream out, SecretMasker masker) {
            super(out);
            this.masker = masker;
        }

        @Override
        public void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                flushLine();
            }
        }

        private void flushLine() throws IOException {
            out.write(masker.mask(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            line.reset();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flushLine();
            super.close();
        }
    }
}
