import Foundation

/// The ITU-T G.107 E-model, simplified for one call leg: R = R0 − Id − Ie,eff with the default
/// values for everything else (R0 − Is = 93.2), the delay impairment approximated from the
/// one-way mouth-to-ear delay (Cole & Rosenbluth, 2001), and the effective equipment impairment of
/// G.107 §7.4 from the packet-loss percentage and the burst ratio. G.113 lists no Opus values, so
/// the codec is taken as G.711 with packet-loss concealment (Ie = 0, Bpl = 25.1, G.113 Appendix I);
/// the figure is an estimate for comparing runs, not a listening test.
public enum EModel {
    /// R0 − Is with all other G.107 parameters at their defaults.
    public static let baseR = 93.2
    /// Equipment impairment of the codec without loss.
    public static let codecIe = 0.0
    /// Packet-loss robustness factor of the codec (G.711 with PLC).
    public static let codecBpl = 25.1

    /// Id from the one-way delay: 0.024·d + 0.11·(d − 177.3)·H(d − 177.3).
    public static func delayImpairment(oneWayDelayMs d: Double) -> Double {
        let delay = max(0, d)
        return 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0)
    }

    /// Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl), Ppl in percent.
    public static func effectiveEquipmentImpairment(lossPercent: Double, burstRatio: Double) -> Double {
        let ppl = min(max(0, lossPercent), 100)
        guard ppl > 0 else { return codecIe }
        let burst = burstRatio > 0 ? burstRatio : 1
        return codecIe + (95 - codecIe) * ppl / (ppl / burst + codecBpl)
    }

    /// The transmission rating R.
    public static func rFactor(oneWayDelayMs: Double, lossPercent: Double, burstRatio: Double = 1) -> Double {
        baseR - delayImpairment(oneWayDelayMs: oneWayDelayMs)
            - effectiveEquipmentImpairment(lossPercent: lossPercent, burstRatio: burstRatio)
    }

    /// MOS-CQE from R (G.107 Annex B): 1 below 0, 4.5 above 100.
    public static func mos(r: Double) -> Double {
        if r <= 0 { return 1 }
        if r >= 100 { return 4.5 }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6
    }

    /// The estimated MOS of a leg.
    public static func mos(oneWayDelayMs: Double, lossPercent: Double, burstRatio: Double = 1) -> Double {
        mos(r: rFactor(oneWayDelayMs: oneWayDelayMs, lossPercent: lossPercent, burstRatio: burstRatio))
    }

    /// BurstR from an observed loss pattern: the mean length of loss runs divided by the mean run
    /// length random loss at the same rate would give, 1 / (1 − p). 1 when nothing was lost.
    public static func burstRatio(meanBurstLength: Double, lossFraction: Double) -> Double {
        guard meanBurstLength > 0, lossFraction > 0, lossFraction < 1 else { return 1 }
        return meanBurstLength * (1 - lossFraction)
    }

    /// The one-way delay a listener experiences: half the round trip, the 20 ms packetization,
    /// and a jitter buffer of twice the interarrival jitter (at least one frame).
    public static func oneWayDelayMs(rttMs: Double?, jitterMs: Double) -> Double {
        (rttMs ?? 0) / 2 + 20 + max(20, 2 * jitterMs)
    }
}
