package io.jenkins.plugins.promotiongates.testing;

import hudson.model.Run;
import io.jenkins.plugins.promotiongates.credentials.CredentialSource;
import io.jenkins.plugins.promotiongates.credentials.WithPromotionCredentialsStep;
import io.jenkins.plugins.promotiongates.engine.service.CredentialOrigin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Credential stores for {@code withPromotionCredentials}: what the system store holds per id, and what the run's own
 * lookup resolves an id to. Follows credentials-plugin {@code CredentialsProvider.findCredentialById(id, type, run)}:
 * a credentials parameter of that name wins, then the nearest folder store, then the system store; so a folder or
 * parameter entry for an id shadows the system one, and a system credential not visible to runs resolves to nothing.
 */
public final class FakeCredentials implements CredentialSource {
    /** Where a credential lives. */
    public enum Place { SYSTEM, FOLDER, PARAMETER, SYSTEM_ONLY_SCOPE }

    private final Map<String, List<Place>> places = new HashMap<>();
    private final Map<String, String> secrets = new HashMap<>();
    /** The ids whose use was recorded ({@code CredentialsProvider.track}). */
    public final List<String> tracked = new ArrayList<>();

    /** A secret-text credential with this id and value in the given place. */
    public FakeCredentials add(Place place, String id, String secret) {
        places.computeIfAbsent(id, k -> new ArrayList<>()).add(place);
        secrets.put(id + "@" + place, secret);
        return this;
    }

    /** Every listed id holds secret text {@code s3cr3t} in the system store. */
    public static FakeCredentials system(String... ids) {
        FakeCredentials credentials = new FakeCredentials();
        for (String id : ids) {
            credentials.add(Place.SYSTEM, id, "s3cr3t");
        }
        return credentials;
    }

    @Override
    public Resolution resolve(String id, Run<?, ?> run) {
        List<Place> here = places.getOrDefault(id, List.of());
        List<Candidate> trusted = new ArrayList<>();
        for (Place place : here) {
            if (place == Place.SYSTEM || place == Place.SYSTEM_ONLY_SCOPE) {
                trusted.add(candidate(id, place));
            }
        }
        CredentialOrigin.RunResolution resolution;
        if (here.contains(Place.PARAMETER) || here.contains(Place.FOLDER)) {
            resolution = CredentialOrigin.RunResolution.OTHER;
        } else if (here.contains(Place.SYSTEM)) {
            resolution = trusted.size() == 1 ? CredentialOrigin.RunResolution.SAME : CredentialOrigin.RunResolution.OTHER;
        } else {
            resolution = CredentialOrigin.RunResolution.NONE;
        }
        return new Resolution(trusted, resolution, "fake stores " + here);
    }

    private Candidate candidate(String id, Place place) {
        String secret = secrets.get(id + "@" + place);
        return new Candidate() {
            @Override
            public String store() {
                return "system";
            }

            @Override
            public String fingerprint() {
                return "fp-" + id;
            }

            @Override
            public WithPromotionCredentialsStep.Binding binding() {
                return new WithPromotionCredentialsStep.Binding(
                        Map.of(WithPromotionCredentialsStep.SECRET_VARIABLE, secret), null, null);
            }

            @Override
            public void track(Run<?, ?> run) {
                tracked.add(id);
            }
        };
    }
}
