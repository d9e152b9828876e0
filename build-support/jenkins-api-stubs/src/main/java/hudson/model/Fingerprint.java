package hudson.model;

/** Stub of upstream {@code hudson.model.Fingerprint}: signatures only, see README.md. */
public class Fingerprint implements hudson.model.ModelObject, hudson.model.Saveable {
    public Fingerprint(hudson.model.Run p0, String p1, byte[] p2) throws java.io.IOException {
    }
    public String getHashString() {
        return null;
    }
}
