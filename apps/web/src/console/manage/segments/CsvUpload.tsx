import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { ErrorBox, Field } from '../../../ui/components.js';
import { formatNumber } from '../../../ui/format.js';
import { SuccessMessage, useSubmit } from '../shared.js';

/** A member list as CSV: picked from a file or pasted. The header names the column (member_id, email, phone…). */
export function CsvInput({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (csv: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation('manage');
  return (
    <>
      <Field label={t('segments.csvFile')} hint={t('segments.csvFileHint')}>
        {(props) => (
          <input
            {...props}
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then(onChange);
            }}
          />
        )}
      </Field>
      <Field label={t('segments.csvText')} hint={t('segments.csvTextHint')} error={error}>
        {(props) => (
          <textarea
            {...props}
            value={value}
            placeholder={'email\nanna@example.com'}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </Field>
    </>
  );
}

/** Adds uploaded members to a static segment; the whole upload fails if one line names nobody. */
export function UploadMembers({ segmentId, onDone }: { segmentId: string; onDone: () => void }) {
  const { t } = useTranslation('manage');
  const [csv, setCsv] = useState('');
  const submit = useSubmit();
  const upload = () =>
    void submit.run(async () => {
      const r = await unwrap(
        api.POST('/v1/segments/{id}/members', { params: { path: { id: segmentId } }, body: { csv } }),
      );
      setCsv('');
      submit.setSuccess(
        t('segments.uploaded', {
          count: r.added,
          added: formatNumber(r.added),
          already: formatNumber(r.alreadyMembers),
          size: formatNumber(r.size),
        }),
      );
      onDone();
    });
  return (
    <form
      className="card"
      aria-labelledby="upload-heading"
      onSubmit={(e) => {
        e.preventDefault();
        upload();
      }}
    >
      <h2 id="upload-heading">{t('segments.upload')}</h2>
      <CsvInput
        value={csv}
        onChange={setCsv}
        error={Object.entries(submit.errors).find(([f]) => f.startsWith('/csv'))?.[1]}
      />
      <ErrorBox error={submit.error} />
      <SuccessMessage>{submit.success}</SuccessMessage>
      <div className="form-actions">
        <button type="submit" disabled={submit.sending || csv.trim() === ''}>
          {t('segments.uploadButton')}
        </button>
      </div>
    </form>
  );
}
