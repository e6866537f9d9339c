/// Parley's version, shown by `parley version` and in logs.
public enum ParleyVersion {
    public static let current = "0.1.0"
}
