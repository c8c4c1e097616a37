/** Role bindings and cluster role bindings (printRoleBinding of 1.32). Roles have no printer. */
import { DOC } from './descriptions.js';
import { since } from './duration.js';
import { at, list, str, type Obj } from './fields.js';
import { column, type Printer } from './types.js';

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts, ", "-joined. */
function subjects(o: Obj): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of list(o, 'subjects')) {
    const kind = str(s, 'kind');
    if (kind === 'User') users.push(str(s, 'name'));
    else if (kind === 'Group') groups.push(str(s, 'name'));
    else if (kind === 'ServiceAccount') sas.push(`${str(s, 'namespace')}/${str(s, 'name')}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(what: string, roleRefDoc: string): Printer {
  return {
    columns: [
      column('Name', 'string', DOC.name, { format: 'name' }),
      column('Role', 'string', roleRefDoc),
      column('Age', 'string', DOC.creationTimestamp),
      column('Users', 'string', `Users in the ${what}`, { priority: 1 }),
      column('Groups', 'string', `Groups in the ${what}`, { priority: 1 }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, { priority: 1 }),
    ],
    row(o, now) {
      return {
        cells: [
          str(o, 'metadata', 'name'),
          `${str(o, 'roleRef', 'kind')}/${str(o, 'roleRef', 'name')}`,
          since(at(o, 'metadata', 'creationTimestamp'), now),
          ...subjects(o),
        ],
      };
    },
  };
}

export const roleBindingPrinter = bindingPrinter('roleBinding', DOC.roleBindingRoleRef);
export const clusterRoleBindingPrinter = bindingPrinter(
  'clusterRoleBinding',
  DOC.clusterRoleBindingRoleRef,
);
