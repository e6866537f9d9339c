internal import CSpeexDSP

/// speexdsp's speech preprocessor: noise suppression, automatic gain control and a
/// (weak) voice-activity estimate, run in place on fixed-size 16-bit mono frames.
///
/// Its VAD is a heuristic on the denoiser's speech probability; speexdsp itself calls it
/// "a hack" and it lags after loud audio — treat it as one feature among several, not a
/// detector on its own.
///
/// Owns one `SpeexPreprocessState`, freed on release. Thread safety: use each instance
/// from one thread at a time; distinct instances are independent.
public final class Preprocessor {
    /// Samples per frame (e.g. 320 for 20 ms at 16 kHz). Every frame must have this length.
    public let frameSize: Int
    public let sampleRate: Int

    private let state: OpaquePointer

    /// Creates a preprocessor with speexdsp's defaults: denoise on, AGC off, VAD off.
    public init(frameSize: Int, sampleRate: Int) throws {
        guard frameSize > 0, sampleRate > 0, frameSize <= Int(Int32.max), sampleRate <= Int(Int32.max) else {
            throw SpeexDSPError.invalidArgument("frame size and sample rate must be positive, got \(frameSize) @ \(sampleRate) Hz")
        }
        guard let state = speex_preprocess_state_init(Int32(frameSize), Int32(sampleRate)) else {
            throw SpeexDSPError.preprocessorCreationFailed(frameSize: frameSize, sampleRate: sampleRate)
        }
        self.state = state
        self.frameSize = frameSize
        self.sampleRate = sampleRate
    }

    deinit { speex_preprocess_state_destroy(state) }

    /// Noise suppression on/off (default on).
    public var denoise: Bool {
        get { getInt(SPEEX_PREPROCESS_GET_DENOISE) != 0 }
        set { setInt(SPEEX_PREPROCESS_SET_DENOISE, newValue ? 1 : 0) }
    }

    /// Maximum noise attenuation in dB, a negative number (default −15).
    public var noiseSuppressionDB: Int {
        get { getInt(SPEEX_PREPROCESS_GET_NOISE_SUPPRESS) }
        set { setInt(SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, Int32(clamping: newValue)) }
    }

    /// Automatic gain control on/off (default off).
    public var agc: Bool {
        get { getInt(SPEEX_PREPROCESS_GET_AGC) != 0 }
        set { setInt(SPEEX_PREPROCESS_SET_AGC, newValue ? 1 : 0) }
    }

    /// AGC target level, in Int16 sample units (default 8000).
    public var agcLevel: Float {
        get {
            var value: Float = 0
            _ = parley_speex_preprocess_get_float(state, SPEEX_PREPROCESS_GET_AGC_LEVEL, &value)
            return value
        }
        set { _ = parley_speex_preprocess_set_float(state, SPEEX_PREPROCESS_SET_AGC_LEVEL, newValue) }
    }

    /// Voice-activity detection on/off (default off). When off, ``process(_:)`` always
    /// reports `speech: true`.
    public var vad: Bool {
        get { getInt(SPEEX_PREPROCESS_GET_VAD) != 0 }
        set { setInt(SPEEX_PREPROCESS_SET_VAD, newValue ? 1 : 0) }
    }

    /// Speech probability (percent) needed to go from silence to speech (default 35).
    public var probabilityStart: Int {
        get { getInt(SPEEX_PREPROCESS_GET_PROB_START) }
        set { setInt(SPEEX_PREPROCESS_SET_PROB_START, Int32(clamping: newValue)) }
    }

    /// Speech probability (percent) needed to stay in speech (default 20).
    public var probabilityContinue: Int {
        get { getInt(SPEEX_PREPROCESS_GET_PROB_CONTINUE) }
        set { setInt(SPEEX_PREPROCESS_SET_PROB_CONTINUE, Int32(clamping: newValue)) }
    }

    /// Denoises / levels one frame in place and estimates whether it holds speech.
    ///
    /// - Parameter frame: exactly ``frameSize`` samples.
    /// - Returns: the VAD decision (always true when ``vad`` is off) and the speech
    ///   probability in percent for this frame.
    /// - Throws: ``SpeexDSPError/invalidArgument(_:)`` if the frame has the wrong length
    ///   (the frame is then left untouched).
    @discardableResult
    public func process(_ frame: inout [Int16]) throws -> (speech: Bool, probability: Int) {
        guard frame.count == frameSize else {
            throw SpeexDSPError.invalidArgument("preprocessor frames must be \(frameSize) samples, not \(frame.count)")
        }
        let result: Int32 = frame.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return speex_preprocess_run(state, base)
        }
        return (result != 0, getInt(SPEEX_PREPROCESS_GET_PROB))
    }

    private func getInt(_ request: Int32) -> Int {
        var value: Int32 = 0
        _ = parley_speex_preprocess_get_int(state, request, &value)
        return Int(value)
    }

    private func setInt(_ request: Int32, _ value: Int32) {
        _ = parley_speex_preprocess_set_int(state, request, value)
    }
}
