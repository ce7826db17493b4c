import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelCard } from '../../../../shared/schemas/registry';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDate } from '../../format';
import { downloadText } from '../../download';

/** A version's model card in the UI language, its editable sections, and Markdown / HTML export. */
export function CardView({ refText }: { refText: string }) {
  const { t, i18n } = useTranslation('registry-ui');
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const card = useQuery('model.card', { model: refText, lang }, ['model']);
  const [editing, setEditing] = useState(false);
  if (card.error) return <ErrorBox error={card.error} />;
  if (!card.data) return <span className="spinner" />;
  const c = card.data;
  const file = refText.replace('@', '-v');
  return (
    <div className="stack" data-testid="card-view">
      <div className="row card-toolbar">
        <span className="muted small grow">
          {c.edits.updatedAt ? t('card.editedBy', { who: c.edits.updatedBy ?? '—', when: formatDate(c.edits.updatedAt) }) : t('card.generated')}
        </span>
        <button type="button" onClick={() => setEditing(!editing)} className={editing ? 'primary' : ''} data-testid="card-edit">
          ✎ {t('card.edit')}
        </button>
        <button type="button" onClick={() => downloadText(`${file}-card.md`, c.markdown, 'text/markdown;charset=utf-8')} data-testid="card-export-md">
          ⤓ {t('card.exportMd')}
        </button>
        <button type="button" onClick={() => downloadText(`${file}-card.html`, c.html, 'text/html;charset=utf-8')} data-testid="card-export-html">
          ⤓ {t('card.exportHtml')}
        </button>
      </div>
      {editing && <CardEditor refText={refText} card={c} onDone={() => setEditing(false)} />}
      {/* bodyHtml is rendered by the core from stored facts with every value escaped (registry/card-html.ts). */}
      <article className="card model-card" data-testid="model-card" lang={c.lang} dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
    </div>
  );
}

function CardEditor({ refText, card, onDone }: { refText: string; card: ModelCard; onDone: () => void }) {
  const { t } = useTranslation('registry-ui');
  const save = useCommand('model.updateCard');
  const [limitations, setLimitations] = useState(card.edits.limitations);
  const [ethics, setEthics] = useState(card.edits.ethicalConsiderations);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await save.run({ model: refText, limitations, ethicalConsiderations: ethics })) onDone();
  };
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} data-testid="card-editor">
      <h2>{t('card.editTitle', { ref: refText })}</h2>
      <p className="muted small">{t('card.editHint')}</p>
      <label className="field">
        {t('card.limitations')}
        <textarea
          value={limitations}
          onChange={(e) => setLimitations(e.target.value)}
          rows={5}
          maxLength={20000}
          placeholder={t('card.limitationsPlaceholder')}
          data-testid="card-limitations"
        />
      </label>
      <label className="field">
        {t('card.ethics')}
        <textarea value={ethics} onChange={(e) => setEthics(e.target.value)} rows={5} maxLength={20000} placeholder={t('card.ethicsPlaceholder')} data-testid="card-ethics" />
      </label>
      <ErrorBox error={save.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={save.pending} data-testid="card-save">
          {save.pending ? t('common:state.saving') : t('common:actions.save')}
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}
