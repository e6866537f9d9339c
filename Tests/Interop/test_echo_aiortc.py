"""Interop: an independent WebRTC stack (aiortc) calls `parley serve --echo` through the signalling
WebSocket of PROTOCOL.md, sends a 440 Hz tone for 3 s and must hear 440 Hz back. ICE, DTLS and SRTP
run over real loopback sockets."""
import asyncio
import fractions
import json
import math

import aioice.ice
import numpy as np
import websockets
from aiortc import MediaStreamTrack, RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from av import AudioFrame

from conftest import dominant_frequency

# Tests may only send to loopback: make aiortc gather a 127.0.0.1 host candidate instead of the
# machine's interface addresses (aioice skips loopback by default).
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []

SAMPLE_RATE = 48000
FRAME = 960  # 20 ms


class ToneTrack(MediaStreamTrack):
    """A paced 440 Hz sine, 20 ms frames."""

    kind = "audio"

    def __init__(self, frequency=440.0, amplitude=0.3):
        super().__init__()
        self.frequency = frequency
        self.amplitude = amplitude
        self.sent = 0
        self.start = None

    async def recv(self):
        loop = asyncio.get_event_loop()
        if self.start is None:
            self.start = loop.time()
        due = self.start + self.sent / SAMPLE_RATE
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        t = (np.arange(FRAME) + self.sent) / SAMPLE_RATE
        pcm = (self.amplitude * 32767 * np.sin(2 * math.pi * self.frequency * t)).astype(np.int16)
        frame = AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self.sent
        frame.time_base = fractions.Fraction(1, SAMPLE_RATE)
        self.sent += FRAME
        return frame


async def call_echo(server, seconds=3.0):
    interview = server.create_interview()
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    received = []
    states = []
    got_track = asyncio.Event()

    @pc.on("connectionstatechange")
    def on_state():
        states.append(pc.connectionState)

    @pc.on("track")
    def on_track(track):
        async def consume():
            got_track.set()
            while True:
                try:
                    frame = await track.recv()
                except Exception:
                    return
                pcm = frame.to_ndarray().reshape(-1)
                channels = len(frame.layout.channels)
                received.append(pcm.reshape(-1, channels)[:, 0] if channels > 1 else pcm)

        asyncio.ensure_future(consume())

    pc.addTrack(ToneTrack())
    async with websockets.connect(server.signal_url(interview)) as ws:
        await pc.setLocalDescription(await pc.createOffer())
        await ws.send(json.dumps({"type": "offer", "sdp": pc.localDescription.sdp}))
        answer = None
        while answer is None:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            assert message["type"] != "error", message
            if message["type"] == "answer":
                answer = message["sdp"]
        assert "a=ice-lite" in answer and "a=setup:passive" in answer
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
        await asyncio.wait_for(got_track.wait(), timeout=10)
        await asyncio.sleep(seconds)
    await pc.close()
    return received, states


def test_aiortc_hears_its_tone_echoed(echo_server):
    received, states = asyncio.run(call_echo(echo_server))
    assert "connected" in states, f"states {states}\n{echo_server.server_log()[-3000:]}"
    assert "peer=127.0.0.1:" in echo_server.server_log(), "the call must run over loopback only"
    audio = np.concatenate(received) if received else np.zeros(0)
    # Skip the first half second (jitter, codec warm-up) and look at what came back.
    tail = audio[SAMPLE_RATE // 2:]
    assert len(tail) >= SAMPLE_RATE, f"only {len(audio)} samples came back\n{echo_server.server_log()[-3000:]}"
    rms = float(np.sqrt(np.mean(tail.astype(np.float64) ** 2)))
    assert rms > 500, f"echoed audio is nearly silent (rms {rms:.1f})"
    frequency = dominant_frequency(tail, SAMPLE_RATE)
    assert abs(frequency - 440) <= 10, f"dominant frequency {frequency:.1f} Hz"
