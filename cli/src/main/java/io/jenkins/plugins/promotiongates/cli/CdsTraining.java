package io.jenkins.plugins.promotiongates.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code bin/promotion-gates} runs once, under {@code -XX:ArchiveClassesAtExit}, to write its class-data
 * sharing archive: {@code verify} and {@code verify --json} of the demo artifact shipped in the jar. The archive then
 * holds what a cold {@code verify} loads whichever command runs first (a first {@code verify --help} used to leave
 * an archive without the verification classes). Prints nothing; exit 0 when both verified.
 */
public final class CdsTraining {
    private static final String ARTIFACT = "sigstore-java-1.0.0.pom";
    private static final String SIGNER = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";
    private static final String ISSUER = "https://token.actions.githubusercontent.com";

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run());
    }

    static int run() throws IOException {
        Path dir = Files.createTempDirectory("promotion-gates-cds");
        try {
            for (String name : List.of(ARTIFACT, ARTIFACT + ".sigstore.json", "public-good.json")) {
                try (InputStream in = CdsTraining.class.getResourceAsStream("/demo/" + name)) {
                    if (in == null) {
                        return 2;
                    }
                    Files.copy(in, dir.resolve(name));
                }
            }
            List<String> verify = new ArrayList<>(List.of("--artifact", dir.resolve(ARTIFACT).toString(),
                    "--bundle", dir.resolve(ARTIFACT + ".sigstore.json").toString(),
                    "--trusted-root", dir.resolve("public-good.json").toString(), "--identity", SIGNER,
                    "--issuer", ISSUER));
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            int text = Main.execute(VerifyCommand.parsePlain(verify.toArray(String[]::new)), sink, sink);
            verify.add("--json");
            int json = Main.execute(VerifyCommand.parsePlain(verify.toArray(String[]::new)), sink, sink);
            return text == 0 && json == 0 ? 0 : 1;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
