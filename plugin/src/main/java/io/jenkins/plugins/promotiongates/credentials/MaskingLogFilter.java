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

/**
 * Masks the bound secrets (and their quoted and encoded forms) in the block's console output, line by line, as
 * credentials-binding's {@code BindingStep.Filter} does. Secrets are held as {@link Secret}s.
 */
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

    /**
     * Buffers one line, masks it, writes it on. {@link #flush()} writes the partial line too (a prompt, a progress
     * bar), masked, except for a tail that could still turn out to be the start of a secret.
     */
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
            // Mask what is complete first, then keep back only a tail that may be the start of a secret.
            String pending = masker.mask(line.toString(StandardCharsets.UTF_8));
            int keep = masker.undecidedTail(pending);
            String ready = pending.substring(0, pending.length() - keep);
            if (!ready.isEmpty()) {
                out.write(ready.getBytes(StandardCharsets.UTF_8));
                line.reset();
                line.write(pending.substring(ready.length()).getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flushLine();
            super.close();
        }
    }
}
