/// Where one word starts in an utterance's audio, as a TTS engine reports it (eSpeak NG
/// word events, or any engine with word timings).
public struct SpokenWord: Sendable, Equatable {
    /// The word as written in the utterance text.
    public var word: String
    /// First sample of the word, counted from the start of the utterance. In
    /// ``SpeechOutputStream/enqueue(utteranceId:pcm:sampleRate:words:)`` this is at the
    /// chunk's sample rate; the stream keeps it at 48 kHz.
    public var startSample: Int

    public init(word: String, startSample: Int) {
        self.word = word
        self.startSample = startSample
    }
}
