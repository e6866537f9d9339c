// Parley echo interop page (see echo.html). Speaks shared/PROTOCOL.md: sends
// {"type":"offer","sdp"} over the signalling WebSocket, applies {"type":"answer","sdp"}.
// Everything the test needs is published on window.parley and polled with execute_script.
'use strict';

const parley = window.parley = {
  phase: 'starting',
  errors: [],
  signalMessages: [],          // types of signalling messages received, in order
  connectionState: 'new',
  iceConnectionState: 'new',
  iceGatheringState: 'new',
  dtlsState: null,             // RTCDtlsTransport.state of the audio sender
  statsDtlsState: null,        // transport stats dtlsState
  selectedPair: null,          // {local: {address, port, type, protocol}, remote: {...}}
  localCandidates: [],         // addresses this browser gathered
  answerSdp: null,
  offerSdp: null,
  inbound: null,               // {packetsReceived, bytesReceived, audioLevel}
  outbound: null,              // {packetsSent, bytesSent}
  local: { rms: 0, frequency: 0 },   // the (fake) microphone, as a sanity check
  remote: { rms: 0, frequency: 0, loudPolls: 0, tonePolls: 0 }, // what came back
  sampleRate: null,
  timings: {},                 // ms since page start: offerSent, answer, connected, firstAudio
};

function fail(where, error) {
  const message = `${where}: ${error && error.message ? error.message : error}`;
  parley.errors.push(message);
  console.error(message);
  render();
}
window.addEventListener('error', (event) => fail('window.onerror', event.message));
window.addEventListener('unhandledrejection', (event) => fail('unhandled rejection', event.reason));

function mark(name) {
  if (parley.timings[name] === undefined) parley.timings[name] = Math.round(performance.now());
}

function render() {
  const view = Object.assign({}, parley, { answerSdp: undefined, offerSdp: undefined });
  document.getElementById('status').textContent = JSON.stringify(view, null, 2);
}

// Loudest frequency between 100 Hz and 2 kHz, parabolic interpolation between bins;
// RMS of the current time-domain window.
function measure(analyser, sampleRate) {
  const time = new Float32Array(analyser.fftSize);
  analyser.getFloatTimeDomainData(time);
  let sum = 0;
  for (const x of time) sum += x * x;
  const rms = Math.sqrt(sum / time.length);

  const spectrum = new Float32Array(analyser.frequencyBinCount);
  analyser.getFloatFrequencyData(spectrum);
  const hzPerBin = sampleRate / analyser.fftSize;
  const low = Math.ceil(100 / hzPerBin), high = Math.floor(2000 / hzPerBin);
  let best = low;
  for (let i = low; i <= high; i++) if (spectrum[i] > spectrum[best]) best = i;
  let offset = 0;
  const a = spectrum[best - 1], b = spectrum[best], c = spectrum[best + 1];
  if (Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && a - 2 * b + c !== 0) {
    offset = 0.5 * (a - c) / (a - 2 * b + c);
  }
  return { rms, frequency: (best + offset) * hzPerBin, peakDb: b };
}

function analyserFor(audioContext, stream) {
  const source = audioContext.createMediaStreamSource(stream);
  const analyser = audioContext.createAnalyser();
  analyser.fftSize = 32768;               // ≈ 1.46 Hz per bin at 48 kHz
  analyser.smoothingTimeConstant = 0;
  source.connect(analyser);
  return analyser;
}

async function pollStats(pc) {
  const stats = await pc.getStats();
  const byId = new Map();
  stats.forEach((report) => byId.set(report.id, report));
  const candidate = (id) => {
    const c = byId.get(id);
    return c && { address: c.address, port: c.port, type: c.candidateType, protocol: c.protocol };
  };
  const locals = new Set();
  stats.forEach((report) => {
    if (report.type === 'local-candidate') locals.add(`${report.address}:${report.port}/${report.protocol}`);
    if (report.type === 'transport') {
      parley.statsDtlsState = report.dtlsState;
      const pair = byId.get(report.selectedCandidatePairId);
      if (pair) {
        parley.selectedPair = {
          state: pair.state, nominated: pair.nominated,
          local: candidate(pair.localCandidateId), remote: candidate(pair.remoteCandidateId),
          requestsSent: pair.requestsSent, responsesReceived: pair.responsesReceived,
          currentRoundTripTime: pair.currentRoundTripTime,
        };
      }
    }
    if (report.type === 'inbound-rtp' && report.kind === 'audio') {
      parley.inbound = { packetsReceived: report.packetsReceived, bytesReceived: report.bytesReceived,
                         packetsLost: report.packetsLost, audioLevel: report.audioLevel };
    }
    if (report.type === 'outbound-rtp' && report.kind === 'audio') {
      parley.outbound = { packetsSent: report.packetsSent, bytesSent: report.bytesSent };
    }
  });
  parley.localCandidates = [...locals];
}

async function main() {
  const signalURL = new URLSearchParams(location.search).get('signal');
  if (!signalURL) throw new Error('missing ?signal=<WebSocket URL>');

  const audioContext = new AudioContext();
  await audioContext.resume();
  parley.sampleRate = audioContext.sampleRate;

  parley.phase = 'getUserMedia';
  const microphone = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  const localAnalyser = analyserFor(audioContext, microphone);
  let remoteAnalyser = null;

  const pc = new RTCPeerConnection({ iceServers: [] });
  window.parleyPeerConnection = pc;
  const sender = pc.addTrack(microphone.getAudioTracks()[0], microphone);

  pc.addEventListener('connectionstatechange', () => {
    parley.connectionState = pc.connectionState;
    if (pc.connectionState === 'connected') { mark('connected'); parley.phase = 'connected'; }
    render();
  });
  pc.addEventListener('iceconnectionstatechange', () => { parley.iceConnectionState = pc.iceConnectionState; });
  pc.addEventListener('icegatheringstatechange', () => { parley.iceGatheringState = pc.iceGatheringState; });
  pc.addEventListener('track', (event) => {
    mark('track');
    const stream = event.streams[0] || new MediaStream([event.track]);
    // Chromium only feeds a remote WebRTC stream into WebAudio when a media element plays it too.
    const element = new Audio();
    element.muted = true;
    element.srcObject = stream;
    element.play().catch((error) => fail('audio element play', error));
    remoteAnalyser = analyserFor(audioContext, stream);
  });

  setInterval(() => {
    parley.local = measure(localAnalyser, audioContext.sampleRate);
    if (remoteAnalyser) {
      const heard = measure(remoteAnalyser, audioContext.sampleRate);
      heard.loudPolls = parley.remote.loudPolls || 0;
      heard.tonePolls = parley.remote.tonePolls || 0;
      if (heard.rms > 0.01) { heard.loudPolls += 1; mark('firstAudio'); }
      if (heard.rms > 0.01 && Math.abs(heard.frequency - 440) <= 10) heard.tonePolls += 1;
      parley.remote = heard;
    }
    const transport = sender.transport;
    parley.dtlsState = transport ? transport.state : null;
    render();
  }, 100);
  setInterval(() => pollStats(pc).catch((error) => fail('getStats', error)), 250);

  parley.phase = 'signalling';
  const socket = new WebSocket(signalURL);
  window.parleySocket = socket;
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`WebSocket to ${signalURL} failed`)), { once: true });
  });
  socket.addEventListener('close', (event) => {
    parley.socketClosed = { code: event.code, reason: event.reason };
  });
  socket.addEventListener('message', async (event) => {
    let message;
    try { message = JSON.parse(event.data); } catch (error) { fail('signalling JSON', error); return; }
    parley.signalMessages.push(message.type);
    if (message.type === 'error') { fail('server error', `${message.code}: ${message.message}`); return; }
    if (message.type === 'answer') {
      mark('answer');
      parley.answerSdp = message.sdp;
      try {
        await pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        parley.phase = 'connecting';
      } catch (error) { fail('setRemoteDescription', error); }
    }
  });

  // Parley is ICE-lite and learns our address from our connectivity checks, so the offer
  // goes out at once, without waiting for (or trickling) candidates.
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  parley.offerSdp = pc.localDescription.sdp;
  socket.send(JSON.stringify({ type: 'offer', sdp: pc.localDescription.sdp }));
  mark('offerSent');
  parley.phase = 'offered';
  render();
}

main().catch((error) => fail('main', error));
