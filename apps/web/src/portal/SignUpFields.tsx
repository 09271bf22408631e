import { useTranslation } from 'react-i18next';
import { Field } from '../ui/components.js';

export const CONSENTS = ['marketingEmail', 'sms', 'push', 'profiling'] as const;
export type ConsentKind = (typeof CONSENTS)[number];

export interface SignUpDetails {
  givenName: string;
  familyName: string;
  consents: Record<ConsentKind, boolean>;
  referral: string;
}

/**
 * What a new member tells the program when joining: name, consents (each one unticked until the member ticks it)
 * and the referral code, filled in from the link they arrived with.
 */
export function SignUpFields({
  value,
  onChange,
  errorOf,
}: {
  value: SignUpDetails;
  onChange: (patch: Partial<SignUpDetails>) => void;
  /** The server's message for a sign-up field (`givenName`, `familyName`, `referralCode`), if it named one. */
  errorOf: (field: string) => string | undefined;
}) {
  const { t } = useTranslation('portal');
  return (
    <>
      <div className="form-row">
        <Field label={t('profile.givenName')} error={errorOf('givenName')}>
          {(props) => (
            <input
              {...props}
              name="given-name"
              autoComplete="given-name"
              maxLength={100}
              value={value.givenName}
              onChange={(event) => onChange({ givenName: event.target.value })}
            />
          )}
        </Field>
        <Field label={t('profile.familyName')} error={errorOf('familyName')}>
          {(props) => (
            <input
              {...props}
              name="family-name"
              autoComplete="family-name"
              maxLength={100}
              value={value.familyName}
              onChange={(event) => onChange({ familyName: event.target.value })}
            />
          )}
        </Field>
      </div>
      <fieldset className="consents">
        <legend>{t('consents.legend')}</legend>
        <p className="hint">{t('consents.hint')}</p>
        {CONSENTS.map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={value.consents[kind]}
              onChange={(event) =>
                onChange({ consents: { ...value.consents, [kind]: event.target.checked } })
              }
            />
            <span>{t(`consents.${kind}`)}</span>
          </label>
        ))}
      </fieldset>
      <Field label={t('signUp.referral')} hint={t('signUp.referralHint')} error={errorOf('referralCode')}>
        {(props) => (
          <input
            {...props}
            name="referral"
            autoComplete="off"
            autoCapitalize="characters"
            maxLength={32}
            value={value.referral}
            onChange={(event) => onChange({ referral: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}
