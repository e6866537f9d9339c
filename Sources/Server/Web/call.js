// One candidate's call to Parley, speaking only ../shared/PROTOCOL.md: the signalling WebSocket
// (`/v1/interviews/{id}/signal?token=…`) and an audio-only RTCPeerConnection that sends the
// microphone and receives the interviewer. Parley is ICE-lite and learns the browser's address
// from its connectivity checks, so the offer goes out at once, without trickled candidates.
//
// A connection lost before `complete` (socket closed, media failed, or the server's
// `disconnected` error) is re-established with a fresh socket and peer connection, with backoff,
// for up to `resumeWindowMs`; the server resumes the interview at the same question.
//
// Events (CustomEvent, `detail`): `message` (each server message), `status` ({status, …}: connecting,
// connected, reconnecting, ended, failed), `track` ({stream}), `peerstate` ({connectionState,
// iceConnectionState}).

const FATAL_CODES = new Set(['unauthorized', 'not_found', 'bad_state', 'bad_sdp']);
const BACKOFF_MS = [500, 1000, 2000, 3000, 5000];

export class InterviewCall extends EventTarget {
  constructor({ interviewId, token, microphone, resumeWindowMs = 60000 }) {
    super();
    this.interviewId = interviewId;
    this.token = token;
    this.microphone = microphone;          // MediaStream
    this.resumeWindowMs = resumeWindowMs;
    this.attempt = 0;                      // bumps with every (re)connection; stale handlers check it
    this.ws = null;
    this.pc = null;
    this.sender = null;
    this.finished = false;                 // complete received, ended by the candidate, or a fatal error
    this.lostSince = null;                 // when the current outage began (ms, performance.now())
    this.retries = 0;
    this.retryTimer = null;
    this.connectedOnce = false;
  }

  get signalURL() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/v1/interviews/${encodeURIComponent(this.interviewId)}/signal?token=${encodeURIComponent(this.token)}`;
  }

  emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  /** Opens the socket and the peer connection (again, after a loss). */
  connect() {
    clearTimeout(this.retryTimer);
    this.teardown();
    const attempt = ++this.attempt;
    const current = () => attempt === this.attempt && !this.finished;
    this.emit('status', { status: this.lostSince === null ? 'connecting' : 'reconnecting', attempt });

    const ws = this.ws = new WebSocket(this.signalURL);
    ws.addEventListener('open', () => { if (current()) this.offer(attempt).catch((error) => this.lost(attempt, `offer: ${error.message}`)); });
    ws.addEventListener('message', (event) => { if (current()) this.receive(attempt, event.data); });
    ws.addEventListener('close', (event) => {
      if (attempt !== this.attempt) return;
      this.emit('socketclose', { code: event.code, reason: event.reason });
      if (!this.finished) this.lost(attempt, `signalling closed (${event.code})`);
    });
  }

  async offer(attempt) {
    const pc = this.pc = new RTCPeerConnection({ iceServers: [] });
    const track = this.microphone.getAudioTracks()[0];
    this.sender = pc.addTrack(track, this.microphone);
    const report = () => {
      if (attempt !== this.attempt) return;
      this.emit('peerstate', { connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState });
      if (pc.connectionState === 'connected') {
        this.lostSince = null;
        this.retries = 0;
        this.connectedOnce = true;
        this.emit('status', { status: 'connected', attempt });
      } else if (pc.connectionState === 'failed') {
        this.lost(attempt, 'media failed');
      }
    };
    pc.addEventListener('connectionstatechange', report);
    pc.addEventListener('iceconnectionstatechange', report);
    pc.addEventListener('track', (event) => {
      if (attempt !== this.attempt) return;
      this.emit('track', { stream: event.streams[0] || new MediaStream([event.track]) });
    });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (attempt !== this.attempt) return;
    this.send({ type: 'offer', sdp: pc.localDescription.sdp });
  }

  async receive(attempt, data) {
    let message;
    try { message = JSON.parse(data); } catch (error) { return; }
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'answer' && this.pc) {
      try {
        await this.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
      } catch (error) {
        this.fail(`Parley's answer could not be used: ${error.message}`);
        return;
      }
    } else if (message.type === 'complete') {
      this.finished = true;
    } else if (message.type === 'error') {
      if (FATAL_CODES.has(message.code)) {
        this.finished = true;
      } else if (message.code === 'disconnected') {
        this.emit('message', message);
        this.lost(attempt, 'media disconnected');
        return;
      }
    }
    if (attempt === this.attempt) this.emit('message', message);
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  /** Mutes or unmutes what is sent (the microphone itself keeps running for the level meter). */
  setMuted(muted) {
    for (const track of this.microphone.getAudioTracks()) track.enabled = !muted;
  }

  /** Asks the interviewer to wrap up; false when not connected. */
  end() { return this.send({ type: 'end' }); }

  /** The connection dropped: try again with backoff while the server would still resume. */
  lost(attempt, why) {
    if (attempt !== this.attempt || this.finished) return;
    this.teardown();
    const now = performance.now();
    if (this.lostSince === null) this.lostSince = now;
    if (now - this.lostSince > this.resumeWindowMs) {
      this.emit('status', { status: 'failed', reason: why });
      return;
    }
    const delay = BACKOFF_MS[Math.min(this.retries, BACKOFF_MS.length - 1)];
    this.retries += 1;
    this.emit('status', { status: 'reconnecting', reason: why, delayMs: delay });
    this.attempt += 1;          // silence the old socket's and peer connection's late events
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Tries again after `failed` (the candidate pressed Try again). */
  restart() {
    this.finished = false;
    this.lostSince = null;
    this.retries = 0;
    this.connect();
  }

  fail(reason) {
    this.finished = true;
    this.teardown();
    this.emit('status', { status: 'failed', reason });
  }

  teardown() {
    const { ws, pc } = this;
    this.ws = null;
    this.pc = null;
    this.sender = null;
    if (ws && ws.readyState === WebSocket.OPEN) ws.close(1000);
    // Closing a socket that is still connecting makes browsers log an error: close it once open.
    if (ws && ws.readyState === WebSocket.CONNECTING) ws.addEventListener('open', () => ws.close(1000), { once: true });
    if (pc) pc.close();
  }

  /** Stops for good (after `complete`, or when the candidate leaves). */
  close() {
    this.finished = true;
    clearTimeout(this.retryTimer);
    this.teardown();
    this.emit('status', { status: 'ended' });
  }

  /** ICE and DTLS state, the selected candidate pair and RTP counters from getStats(). */
  async stats() {
    const pc = this.pc;
    if (!pc) return null;
    const stats = await pc.getStats();
    const byId = new Map();
    stats.forEach((report) => byId.set(report.id, report));
    const out = { connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState,
                  dtlsState: this.sender && this.sender.transport ? this.sender.transport.state : null,
                  statsDtlsState: null, selectedPair: null, inbound: null, outbound: null };
    const candidate = (id) => {
      const c = byId.get(id);
      return c ? { address: c.address, port: c.port, type: c.candidateType, protocol: c.protocol } : null;
    };
    stats.forEach((report) => {
      if (report.type === 'transport') {
        out.statsDtlsState = report.dtlsState;
        const pair = byId.get(report.selectedCandidatePairId);
        if (pair) out.selectedPair = { state: pair.state, local: candidate(pair.localCandidateId), remote: candidate(pair.remoteCandidateId) };
      }
      // Firefox has no transport stats: take the nominated, succeeded pair.
      if (report.type === 'candidate-pair' && report.state === 'succeeded' && report.nominated && !out.selectedPair) {
        out.selectedPair = { state: report.state, local: candidate(report.localCandidateId), remote: candidate(report.remoteCandidateId) };
      }
      if (report.type === 'inbound-rtp' && report.kind === 'audio') {
        out.inbound = { packetsReceived: report.packetsReceived, packetsLost: report.packetsLost, bytesReceived: report.bytesReceived,
                        // Mean time a sample spent in the browser's jitter buffer so far, ms.
                        jitterBufferMs: report.jitterBufferEmittedCount ? 1000 * report.jitterBufferDelay / report.jitterBufferEmittedCount : null };
      }
      if (report.type === 'outbound-rtp' && report.kind === 'audio') {
        out.outbound = { packetsSent: report.packetsSent, bytesSent: report.bytesSent };
      }
    });
    return out;
  }
}
