import { useDeferredValue, useState } from "react";
import {
  Button as AriaButton,
  ComboBox,
  FieldError,
  Input,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from "react-aria-components";

import type { UserRole } from "../api/types";
import { FieldLabel } from "../ui/fields";
import { ROLE_LABELS } from "../ui/format";
import { useAccountSearch } from "./queries";

/** Type a name or username, pick the account: the server searches as you type. */
export function UserPicker({
  label,
  role,
  value,
  onChange,
  errorMessage,
  description,
}: {
  label: string;
  role?: UserRole;
  value: number | null;
  onChange: (userId: number | null) => void;
  errorMessage?: string;
  description?: string;
}) {
  const [inputValue, setInputValue] = useState("");
  const search = useDeferredValue(inputValue.trim());
  const accounts = useAccountSearch(role, search);
  const items = (accounts.data ?? []).map((user) => ({
    id: user.id,
    label: `${user.full_name} (${user.username})`,
    role: user.role,
  }));
  return (
    <ComboBox
      className="field"
      items={items}
      selectedKey={value}
      onSelectionChange={(key) => {
        onChange(key === null ? null : Number(key));
      }}
      inputValue={inputValue}
      onInputChange={(text) => {
        setInputValue(text);
        if (text === "") onChange(null);
      }}
      menuTrigger="focus"
      isInvalid={Boolean(errorMessage)}
      validationBehavior="aria"
      allowsEmptyCollection
    >
      <FieldLabel label={label} />
      <div className="combo-input">
        <Input placeholder="Type a name…" />
        <AriaButton className="button button--quiet button--small" aria-label={`Show ${label.toLowerCase()} choices`}>
          ▾
        </AriaButton>
      </div>
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{errorMessage}</FieldError>
      <Popover className="popover">
        <ListBox
          className="listbox"
          renderEmptyState={() => (
            <div className="listbox-item muted">{accounts.isFetching ? "Searching…" : "No account matches."}</div>
          )}
        >
          {(item: (typeof items)[number]) => (
            <ListBoxItem id={item.id} className="listbox-item" textValue={item.label}>
              {item.label}
              {!role && <span className="muted small"> · {ROLE_LABELS[item.role]}</span>}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
