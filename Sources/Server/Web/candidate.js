// The candidate's page (/join/{joinToken}): start button, microphone, the call (call.js), the
// interviewer's voice, a live transcript of both sides (partials grey, finals black), the
// interview state, level meters, mute and end, and clear messages for a denied microphone, a lost
// connection and the end of the interview.
//
// For tests (and the curious), `window.parleyTest` exposes what the page observed: `events` (every
// server message and connection change, with `t` = performance.now() in ms) and `levels`
// ([t, interviewer RMS, microphone RMS] every 25 ms, measured with WebAudio AnalyserNodes), plus
// `stats()` (ICE/DTLS state and RTP counters from getStats). The page also mirrors its state in
// `data-` attributes on <body>.
import { api, el, meta, replaceChildren, splitHeard } from './common.js';
import { InterviewCall } from './call.js';

const SAMPLE_INTERVAL_MS = 25;
const MAX_LEVELS = 8000;            // 200 s of samples
const MAX_EVENTS = 2000;

const interview = {
  id: meta('parley-interview-id'),
  role: meta('parley-role'),
  candidateName: meta('parley-candidate-name'),
  status: meta('parley-status'),
  questionCount: Number(meta('parley-question-count')) || 0,
  token: decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || ''),
};

const $ = (id) => document.getElementById(id);
const ui = {
  intro: $('intro'), start: $('start'), roleTitle: $('role-title'), greeting: $('greeting'), progress: $('progress'),
  call: $('call'), callTitle: $('call-title'), state: $('state'), micMeter: $('mic-meter'), remoteMeter: $('remote-meter'),
  mute: $('mute'), end: $('end'), endConfirm: $('end-confirm'), endYes: $('end-yes'), endNo: $('end-no'),
  notice: $('notice'), transcriptCard: $('transcript-card'), transcript: $('transcript'), audio: $('interviewer-audio'),
};

// MARK: - What tests can read

const test = window.parleyTest = {
  interviewId: interview.id,
  status: 'idle',                 // idle | microphone | connecting | connected | reconnecting | failed | ended | complete
  state: null,                    // the interview state of the last `state` message
  questionIndex: null,
  connectionState: 'new',
  iceConnectionState: 'new',
  muted: false,
  connections: 0,                 // how many times media reached `connected`
  events: [],
  levels: [],
  stats: () => (call ? call.stats() : Promise.resolve(null)),
};

function log(type, detail) {
  const entry = Object.assign({ t: Math.round(performance.now() * 10) / 10, type }, detail);
  test.events.push(entry);
  if (test.events.length > MAX_EVENTS) test.events.splice(0, test.events.length - MAX_EVENTS);
}

function mirror() {
  const body = document.body.dataset;
  body.status = test.status;
  body.state = test.state || '';
  body.connection = test.connectionState;
  body.muted = String(test.muted);
}

// MARK: - Messages to the candidate

function notify(text, kind = 'info', action = null) {
  ui.notice.className = `notice ${kind === 'info' ? '' : kind}`.trim();
  replaceChildren(ui.notice, el('p', {}, text), action);
  ui.notice.dataset.kind = kind;
}

function clearNotice() {
  ui.notice.className = 'notice hidden';
  ui.notice.replaceChildren();
  delete ui.notice.dataset.kind;
}

// MARK: - State

const KIND = { greeting: 'speaking', asking: 'speaking', speaking: 'speaking', closing: 'speaking',
               listening: 'listening', thinking: 'thinking', completed: 'done' };
const LABEL = { speaking: 'Interviewer speaking', listening: 'Listening — your turn', thinking: 'Thinking…',
                done: 'Interview complete' };

function showState(state, questionIndex) {
  test.state = state;
  test.questionIndex = questionIndex;
  const kind = KIND[state] || 'idle';
  ui.state.dataset.kind = kind;
  ui.state.dataset.state = state;
  ui.state.textContent = LABEL[kind] || state;
  if (interview.questionCount > 0 && Number.isInteger(questionIndex) && state !== 'greeting' && state !== 'completed') {
    ui.progress.textContent = `Question ${Math.min(questionIndex + 1, interview.questionCount)} of ${interview.questionCount}`;
  } else if (state === 'completed') {
    ui.progress.textContent = '';
  }
  mirror();
}

// MARK: - Transcript

const lines = new Map();   // key → {item, text}

function lineFor(key, role) {
  let line = lines.get(key);
  if (!line) {
    const text = el('span', { class: 'text' });
    const who = el('span', { class: 'who' }, role === 'candidate' ? 'You' : 'Interviewer');
    const item = el('li', { class: `line ${role}`, dataset: { key, role } }, who, text);
    ui.transcript.append(item);
    line = { item, text, who };
    lines.set(key, line);
    ui.transcriptCard.classList.remove('hidden');
  }
  return line;
}

function scrollTranscript() {
  ui.transcript.scrollTop = ui.transcript.scrollHeight;
}

function showCandidateText(seq, text, isFinal) {
  const known = lines.get(`c${seq}`);
  if (!isFinal && known && known.item.dataset.final === 'true') return;   // a late partial never undoes its final
  if (isFinal && !text.trim()) {
    // An empty final withdraws the captions shown under this number (nothing was said after all).
    if (known) { known.item.remove(); lines.delete(`c${seq}`); }
    return;
  }
  const line = lineFor(`c${seq}`, 'candidate');
  line.text.textContent = text;
  line.item.classList.toggle('partial', !isFinal);
  line.item.dataset.final = String(isFinal);
  if (isFinal) {
    // A partial left under another number is superseded by this final.
    for (const [key, other] of lines) {
      if (key !== `c${seq}` && other.item.classList.contains('partial') && other.item.dataset.role === 'candidate') {
        other.item.remove();
        lines.delete(key);
      }
    }
  }
  scrollTranscript();
}

function showInterviewerText(key, text) {
  const line = lineFor(key, 'interviewer');
  line.text.textContent = text;
  line.item.dataset.final = 'true';
  scrollTranscript();
}

function markInterrupted(key, heardText) {
  const line = lines.get(key);
  if (!line) return;
  const full = line.item.dataset.fullText || line.text.textContent;
  line.item.dataset.fullText = full;
  const { heard, rest } = splitHeard(full, heardText);
  replaceChildren(line.text, heard, rest ? el('span', { class: 'unheard' }, rest) : null);
  line.item.classList.add('interrupted');
  if (!line.who.querySelector('.badge')) line.who.append(el('span', { class: 'badge' }, 'interrupted'));
}

async function loadEarlierTranscript() {
  if (interview.status === 'scheduled') return;
  try {
    const entries = await api(`/v1/interviews/${encodeURIComponent(interview.id)}/transcript`, { token: interview.token });
    for (const entry of entries || []) {
      if (entry.role === 'candidate') showCandidateText(entry.seq, entry.text, true);
      else {
        showInterviewerText(`s${entry.seq}`, entry.text);
        if (entry.interrupted) markInterrupted(`s${entry.seq}`, entry.heardText || '');
      }
    }
  } catch (error) {
    log('history-failed', { message: error.message });
  }
}

// MARK: - Audio: levels and the interviewer's voice

let audioContext = null;
let micAnalyser = null;
let remoteAnalyser = null;
let remoteSource = null;
let sampler = null;
const buffer = new Float32Array(1024);

function analyser(stream) {
  const node = audioContext.createAnalyser();
  node.fftSize = 1024;          // ≈ 21 ms at 48 kHz: a level per sample tick
  node.smoothingTimeConstant = 0;
  const source = audioContext.createMediaStreamSource(stream);
  source.connect(node);
  return { node, source };
}

function rms(node) {
  if (!node) return 0;
  node.getFloatTimeDomainData(buffer);
  let sum = 0;
  for (let i = 0; i < buffer.length; i++) sum += buffer[i] * buffer[i];
  return Math.sqrt(sum / buffer.length);
}

function showLevel(meterElement, level) {
  // -60 dBFS … 0 dBFS onto the bar.
  const db = level > 0 ? 20 * Math.log10(level) : -100;
  const fraction = Math.max(0, Math.min(1, (db + 60) / 60));
  meterElement.firstElementChild.style.transform = `scaleX(${fraction.toFixed(3)})`;
}

function startSampling() {
  if (sampler) return;
  sampler = setInterval(() => {
    const remote = rms(remoteAnalyser);
    const local = rms(micAnalyser);
    test.levels.push([Math.round(performance.now() * 10) / 10, Math.round(remote * 1e5) / 1e5, Math.round(local * 1e5) / 1e5]);
    if (test.levels.length > MAX_LEVELS) test.levels.splice(0, test.levels.length - MAX_LEVELS);
    showLevel(ui.micMeter, local);
    showLevel(ui.remoteMeter, remote);
  }, SAMPLE_INTERVAL_MS);
}

function playInterviewer(stream) {
  ui.audio.srcObject = stream;
  const playing = ui.audio.play();
  if (playing) {
    playing.catch((error) => {
      log('playback-blocked', { name: error.name });
      notify('Your browser paused the interviewer\'s voice.', 'warn',
             el('button', { class: 'primary', type: 'button', onClick: () => { ui.audio.play().catch(() => {}); clearNotice(); } }, 'Play sound'));
    });
  }
  if (remoteSource) remoteSource.disconnect();
  const { node, source } = analyser(stream);
  remoteAnalyser = node;
  remoteSource = source;
}

// MARK: - The call

let call = null;
let microphone = null;
let meterTracks = [];
let reconnecting = false;

function microphoneProblem(error) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'Microphone access was blocked, so the interview can\'t start. Allow this page to use your microphone '
        + '(the icon at the left of the address bar, or your browser\'s site settings), then press Start interview again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one (or a headset), then press Start interview again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone is in use by another application or could not be opened. Close the other application, then try again.';
    default:
      return `The microphone could not be opened (${error && error.message ? error.message : 'unknown error'}).`;
  }
}

async function start() {
  ui.start.disabled = true;
  clearNotice();
  test.status = 'microphone';
  mirror();
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.RTCPeerConnection) {
    notify('This browser can\'t take part in a spoken interview here. Open the link over https in a current Chrome, Edge, Firefox or Safari.', 'error');
    log('unsupported', {});
    ui.start.disabled = false;
    return;
  }
  // The AudioContext is made during the click, so browsers let it run.
  audioContext = audioContext || new AudioContext();
  audioContext.resume().catch(() => {});
  try {
    microphone = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
  } catch (error) {
    test.status = 'idle';
    log('microphone-error', { name: error.name, message: error.message });
    notify(microphoneProblem(error), 'error');
    ui.start.disabled = false;
    ui.start.textContent = 'Try again';
    mirror();
    return;
  }
  log('microphone', { label: microphone.getAudioTracks()[0] ? microphone.getAudioTracks()[0].label : '' });
  for (const track of microphone.getAudioTracks()) track.enabled = !test.muted;
  // The meter listens to a copy of the microphone, so it still moves while muted.
  meterTracks = microphone.getAudioTracks().map((track) => track.clone());
  micAnalyser = analyser(new MediaStream(meterTracks)).node;
  startSampling();

  ui.intro.classList.add('hidden');
  ui.call.classList.remove('hidden');
  await loadEarlierTranscript();

  call = new InterviewCall({ interviewId: interview.id, token: interview.token, microphone });
  call.addEventListener('status', (event) => onStatus(event.detail));
  call.addEventListener('message', (event) => onMessage(event.detail));
  call.addEventListener('track', (event) => { log('track', {}); playInterviewer(event.detail.stream); });
  call.addEventListener('socketclose', (event) => log('socket-closed', event.detail));
  call.addEventListener('peerstate', (event) => {
    const { connectionState, iceConnectionState } = event.detail;
    if (connectionState !== test.connectionState || iceConnectionState !== test.iceConnectionState) {
      log('peer', { connectionState, iceConnectionState });
    }
    test.connectionState = connectionState;
    test.iceConnectionState = iceConnectionState;
    mirror();
  });
  call.connect();
}

function onStatus(detail) {
  const { status } = detail;
  log('status', detail);
  if (test.status === 'complete') return;
  test.status = status;
  mirror();
  switch (status) {
    case 'connecting':
      ui.state.textContent = 'Connecting…';
      break;
    case 'connected':
      test.connections += 1;
      if (reconnecting) notify('Reconnected — the interview continues where it left off.', 'good');
      else clearNotice();
      reconnecting = false;
      break;
    case 'reconnecting':
      reconnecting = true;
      ui.state.dataset.kind = 'idle';
      ui.state.textContent = 'Reconnecting…';
      notify('The connection was lost. Reconnecting… your interview will continue where it left off.', 'warn');
      break;
    case 'failed':
      ui.state.dataset.kind = 'idle';
      ui.state.textContent = 'Disconnected';
      notify(`The connection could not be restored${detail.reason ? ` (${detail.reason})` : ''}. Check your internet connection, then try again.`, 'error',
             el('button', { class: 'primary', type: 'button', onClick: retry }, 'Try again'));
      break;
    default:
      break;
  }
}

function retry() {
  if (!call) return;
  clearNotice();
  call.restart();
}

function onMessage(message) {
  const { type } = message;
  if (type === 'answer') { log('answer', {}); return; }
  const detail = {};
  for (const key of ['state', 'questionIndex', 'role', 'text', 'final', 'seq', 'utteranceId', 'heardText', 'atMs', 'code', 'message', 'endOfSpeechToFirstAudioMs']) {
    if (message[key] !== undefined) detail[key] = message[key];
  }
  log(type, detail);
  switch (type) {
    case 'state':
      showState(message.state, message.questionIndex);
      break;
    case 'transcript':
      if (message.role === 'candidate' || message.role === undefined) showCandidateText(message.seq, message.text || '', message.final !== false);
      else showInterviewerText(`t${message.seq}`, message.text || '');
      break;
    case 'interviewer':
      showInterviewerText(`u${message.utteranceId}`, message.text || '');
      break;
    case 'bargeIn':
      markInterrupted(`u${message.utteranceId}`, message.heardText || '');
      break;
    case 'complete':
      finish('The interview is complete. Thank you for your time — you can close this page now.');
      break;
    case 'error':
      onServerError(message);
      break;
    default:
      break;
  }
}

function onServerError(message) {
  switch (message.code) {
    case 'unauthorized':
    case 'not_found':
      stopEverything('This interview link is no longer valid. Ask the recruiter for a new one.', 'error');
      break;
    case 'bad_state':
      if (/completed/.test(message.message || '')) stopEverything('This interview has already ended. Thank you!', 'good');
      else log('ignored-error', { code: message.code });
      break;
    case 'session_in_progress':
      notify('This interview is open in another tab or window. Close it there — this page keeps trying to connect.', 'warn');
      break;
    case 'disconnected':
      break;   // call.js reconnects
    default:
      notify(`Parley reported a problem: ${message.message || message.code}`, 'warn');
      break;
  }
}

function stopEverything(text, kind) {
  if (call) call.close();
  if (microphone) for (const track of microphone.getTracks()) track.stop();
  for (const track of meterTracks) track.stop();
  ui.call.classList.add('hidden');
  notify(text, kind);
}

function finish(text) {
  test.status = 'complete';
  showState('completed', test.questionIndex);
  stopEverything(text, 'good');
  ui.intro.classList.add('hidden');
  mirror();
}

// MARK: - Controls

function setMuted(muted) {
  test.muted = muted;
  if (call) call.setMuted(muted);
  else if (microphone) for (const track of microphone.getAudioTracks()) track.enabled = !muted;
  ui.mute.setAttribute('aria-pressed', String(muted));
  ui.mute.textContent = muted ? 'Unmute' : 'Mute';
  ui.micMeter.classList.toggle('muted', muted);
  log('mute', { muted });
  mirror();
}

ui.start.addEventListener('click', () => { start().catch((error) => { log('start-failed', { message: error.message }); notify(`Could not start: ${error.message}`, 'error'); ui.start.disabled = false; }); });
ui.mute.addEventListener('click', () => setMuted(!test.muted));
ui.end.addEventListener('click', () => { ui.endConfirm.classList.remove('hidden'); ui.end.disabled = true; });
ui.endNo.addEventListener('click', () => { ui.endConfirm.classList.add('hidden'); ui.end.disabled = false; });
ui.endYes.addEventListener('click', () => {
  ui.endConfirm.classList.add('hidden');
  log('end-requested', {});
  if (call && call.end()) {
    notify('Ending the interview…');
  } else {
    stopEverything('You left the interview.', 'info');
  }
});

// MARK: - First paint

function init() {
  if (!interview.id) {
    ui.start.disabled = true;
    notify('This page has no interview attached. Open the join link from your invitation.', 'error');
    return;
  }
  if (interview.role) {
    ui.roleTitle.textContent = `Interview: ${interview.role}`;
    ui.callTitle.textContent = interview.role;
    document.title = `${interview.role} interview · Parley`;
  }
  const hello = interview.candidateName ? `Hi ${interview.candidateName}! ` : '';
  const count = interview.questionCount === 1 ? 'one question' : `${interview.questionCount} questions`;
  ui.greeting.textContent = `${hello}This is a spoken interview with ${count}. The interviewer asks out loud and listens to your answers.`;
  if (interview.status === 'completed') {
    ui.intro.classList.add('hidden');
    test.status = 'complete';
    notify('This interview has already ended. Thank you!', 'good');
  } else if (interview.status === 'in_progress' || interview.status === 'disconnected') {
    ui.start.textContent = 'Resume interview';
  }
  mirror();
}

init();
