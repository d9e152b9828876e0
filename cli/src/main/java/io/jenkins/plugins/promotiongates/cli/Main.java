package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.service.PolicyUnavailableException;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The process's entry point. {@code verify} with plain arguments runs without picocli (see
 * {@link VerifyCommand#parsePlain}); everything else goes to {@link PromotionGatesCli}. No picocli type appears in
 * this class, so that the JVM does not load picocli to verify it.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && "verify".equals(args[0])) {
            VerifyCommand plain = VerifyCommand.parsePlain(Arrays.copyOfRange(args, 1, args.length));
            if (plain != null) {
                System.exit(execute(plain, newWriter(System.out, "sun.stdout.encoding"),
                        newWriter(System.err, "sun.stderr.encoding")));
            }
        }
        PromotionGatesCli.main(args);
    }

    /** Runs a verify command parsed without picocli as picocli's {@code execute} would, with the same handler. */
    static int execute(VerifyCommand command, PrintWriter out, PrintWriter err) {
        try {
            return command.run(out, err);
        } catch (Exception e) {
            return executionFailed(e, err);
        }
    }

    /**
     * What every command does with an exception it did not handle: its message, and its exit code. An exception no
     * command anticipated is a defect (70, EX_SOFTWARE), never reported as the user's usage error.
     */
    static int executionFailed(Exception exception, PrintWriter err) {
        int code;
        String message;
        if (exception instanceof CliException cli) {
            code = cli.exitCode();
            message = exception.getMessage();
        } else if (exception instanceof StoreUnavailableException unavailable) {
            code = ServiceSession.isBusy(unavailable) ? ExitCodes.BUSY : ExitCodes.USAGE;
            message = (code == ExitCodes.BUSY ? "store busy, retry: " : "store unavailable: ") + unavailable.getMessage();
        } else if (exception instanceof PolicyUnavailableException || exception instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
            message = exception.getMessage();
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error: " + Problems.cause(exception) + " (" + exception.getClass().getSimpleName() + ")";
        }
        err.println("promotion-gates: " + message);
        err.flush();
        return code;
    }

    /** picocli's writer for System.out or System.err: the same encoding, buffered, flushed on println. */
    private static PrintWriter newWriter(OutputStream stream, String encodingProperty) {
        String encoding = System.getProperty(encodingProperty);
        Charset charset = Charset.defaultCharset();
        if (encoding != null) {
            try {
                charset = Charset.forName("cp65001".equalsIgnoreCase(encoding) ? "UTF-8" : encoding);
            } catch (IllegalArgumentException e) {
                // as picocli: the default charset when the named one is not available
            }
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }
}
