/** The right-hand panel: Jeedom's side of the playground, live (equipments, questions, every call). */
import { html, nothing, type TemplateResult } from 'lit';
import type { AskView, CallView, EquipmentView, PlaygroundState } from '../../server/view';
import { t } from './i18n';
import { time } from './time';

/** `demo` runs a demo action (`demo/ask`, `demo/camera`). */
export function jeedomPanel(state: PlaygroundState, demo: (path: string) => void): TemplateResult {
  const side = state.jeedom;
  const equipments = [...side.equipments].sort(
    (a, b) => Number(b.createdByApp) - Number(a.createdByApp) || a.name.localeCompare(b.name),
  );
  return html`<aside class="jeedom" data-testid="jeedom">
    <header>
      <h1>${t('jeedom')}</h1>
      <p>${side.mode === 'simulator' ? t('mode_simulator') : t('mode_jeedom', { url: side.url })}</p>
    </header>
    ${
      side.demo
        ? html`<section>
            <h2>${t('demo')}</h2>
            <div class="demo-buttons">
              <button data-testid="run-ask" @click=${() => demo('demo/ask')}>${t('run_ask')}</button>
              <button data-testid="send-camera" @click=${() => demo('demo/camera')}>
                ${t('send_camera')}
              </button>
            </div>
          </section>`
        : nothing
    }
    <section>
      <h2>${t('equipments')}</h2>
      ${equipments.map(equipment)}
    </section>
    <section data-testid="asks">
      <h2>${t('asks')}</h2>
      ${side.asks.length ? side.asks.map((a) => ask(a, state)) : html`<p class="empty">${t('no_asks')}</p>`}
    </section>
    <section>
      <h2>${t('calls')}</h2>
      ${
        side.calls.length
          ? html`<table class="calls" data-testid="calls">
              <tbody>
                ${side.calls.slice(0, 60).map(call)}
              </tbody>
            </table>`
          : html`<p class="empty">${t('no_calls')}</p>`
      }
    </section>
  </aside>`;
}

function equipment(eq: EquipmentView): TemplateResult {
  return html`<details class="equipment ${eq.createdByApp ? 'ours' : ''}" open>
    <summary>
      <strong>${eq.name}</strong>
      <span class="muted">${eq.object ? `[${eq.object}]` : ''} ${eq.type}</span>
      ${eq.createdByApp ? html`<span class="badge">${t('created_by_app')}</span>` : nothing}
      ${eq.enabled ? nothing : html`<span class="badge off">${t('disabled')}</span>`}
    </summary>
    <ul>
      ${eq.cmds.map(
        (cmd) =>
          html`<li>
            <span class="cmd-kind">${cmd.type === 'info' ? '◦' : '▸'}</span>
            ${cmd.name} ${cmd.value !== '' ? html`<code class="value">${cmd.value}</code>` : nothing}
          </li>`,
      )}
    </ul>
  </details>`;
}

function ask(question: AskView, state: PlaygroundState): TemplateResult {
  const room = state.rooms.find((r) => r.id === question.roomId)?.name ?? state.botUsername;
  return html`<div class="ask">
    <strong>${question.question}</strong>
    <span class="muted">(${question.answers.join(' / ')}) · ${room}</span><br />
    ${
      question.answer
        ? html`<span class="answered"
            >✓ ${t('ask_answered', { answer: question.answer, user: question.answeredBy })}</span
          >`
        : html`<span class="muted">${t('ask_waiting', { time: time(question.expiresAt) })}</span>`
    }
  </div>`;
}

function call(entry: CallView): TemplateResult {
  return html`<tr class=${entry.ok ? 'ok' : 'failed'}>
    <td class="muted">${time(entry.at)}</td>
    <td><code>${entry.method}</code></td>
    <td class="ms">${entry.ms} ms</td>
    <td class="result">${entry.ok ? '' : '✗ '}${entry.result}</td>
  </tr>`;
}
