import { REGION_OFFICIAL_ROLES, type RoleDefinition } from '@grid/platform/http';

/** The composed services, as controllers inject them. */
export const SERVICES = Symbol('TemplateServices');

/** The roles this service registers: one of its own, and the region officials its routes admit. */
export const TEMPLATE_ROLES: readonly RoleDefinition[] = [{ name: 'notice-editor', description: '公告编辑 notice editor (the template’s own role)' }, ...REGION_OFFICIAL_ROLES];

export const NOTICE_WRITERS = ['notice-editor', 'community-official', 'street-official', 'district-official'];
export const NOTICE_READERS = [...NOTICE_WRITERS, 'auditor'];
