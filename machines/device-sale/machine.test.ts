import { describe, expect, it } from 'vitest';
import { statusOf } from '../process.js';
import { eventRoles, handledEventTypes, openCase, staff, type TestCase } from '../testing.js';
import { addYears, deviceSaleInputSchema, deviceSaleProcess as definition, unitRetainUntil } from './index.js';

// The test clock starts on 2026-11-26.
const hospital = { buyer: { kind: 'medicalInstitution', name: 'Guangzhou Third People\'s Hospital', phone: '020-8888 0000' } };
const dealer = { buyer: { kind: 'business', name: 'Kangjian Medical Supplies Ltd' } };
const person = { buyer: { kind: 'individual', name: 'Chen Jing', phone: '139 0000 2222' } };
const licence = (kind: string, expiresOn = '2028-06-30') => ({ kind, number: `${kind}-0001`, holder: 'the buyer', expiresOn });

const oximeter = {
  product: 'Pulse oximeter',
  manufacturer: 'Shenzhen Medtech',
  model: 'PX-200',
  productionDate: '2026-03-01',
  serialNumber: 'PX200-0001',
  quantity: 1,
  serviceLifeYears: 5,
};
const syringes = {
  product: 'Sterile syringe 5 ml',
  manufacturer: 'Jiangxi Hongda',
  model: '5ml-LL',
  productionDate: '2026-09-01',
  lot: 'L2026-09-A',
  quantity: 2000,
  expiryDate: '2029-08-31',
};
const record = (units: unknown[], extra: Record<string, unknown> = {}) => ({
  saleDate: '2026-11-25',
  handler: 'Zhou Li',
  invoiceNumber: 'INV 44010023',
  contractNumber: 'HT-2026-118',
  units,
  ...extra,
});

function qualified(input: unknown = hospital, licences = [licence('practiceLicence')]): TestCase {
  const c = openCase(definition, input);
  expect(c.send('buyer.qualified', { licences }).state).toBe('recording');
  return c;
}

describe('qualifying the buyer of a device', () => {
  it('qualifies a medical institution on its practice licence, recording kind, number, holder and expiry', () => {
    const c = qualified();
    expect(c.context.qualification).toMatchObject({ licences: [licence('practiceLicence')], by: staff('advisor') });
  });

  it('qualifies a business on its business licence and its filing record or operating permit', () => {
    expect(qualified(dealer, [licence('businessLicence'), licence('deviceFilingRecord')]).state).toBe('recording');
    expect(qualified(dealer, [licence('businessLicence'), licence('deviceOperatingPermit')]).state).toBe('recording');
  });

  it('sells to an individual without any licence', () => {
    expect(qualified(person, []).state).toBe('recording');
  });

  it('refuses a business that shows only its business licence, saying what is missing', () => {
    const c = openCase(definition, dealer);
    const outcome = c.send('buyer.qualified', { licences: [licence('businessLicence')] });
    expect(outcome).toMatchObject({ accepted: false, state: 'qualifying' });
    expect(outcome.reason).toMatch(/filing record or device operating permit/);
  });

  it('refuses a medical institution without its practice licence', () => {
    const outcome = openCase(definition, hospital).send('buyer.qualified', { licences: [licence('businessLicence')] });
    expect(outcome.reason).toMatch(/practice licence/);
  });

  it('refuses an expired licence with the reason, and accepts one valid through today', () => {
    const c = openCase(definition, hospital);
    const outcome = c.send('buyer.qualified', { licences: [licence('practiceLicence', '2026-11-25')] });
    expect(outcome).toMatchObject({ accepted: false, state: 'qualifying' });
    expect(outcome.reason).toBe(
      'the practice licence No. practiceLicence-0001 expired on 2026-11-25: a buyer with an expired licence cannot be sold to',
    );
    // The second event is stamped 2026-11-26T10:01.
    expect(c.send('buyer.qualified', { licences: [licence('practiceLicence', '2026-11-26')] }).state).toBe('recording');
  });
});

describe('recording the sale', () => {
  it('keeps every unit with its serial or lot, the invoice and the contract, and the handler', () => {
    const c = qualified();
    expect(c.send('sale.recorded', record([oximeter, syringes])).state).toBe('done');
    expect(statusOf(c.snapshot)).toBe('done');
    expect(c.context.sale).toMatchObject({
      saleDate: '2026-11-25',
      handler: 'Zhou Li',
      invoiceNumber: 'INV 44010023',
      contractNumber: 'HT-2026-118',
      units: [
        { ...oximeter, retainUntil: '2032-03-01' },
        { ...syringes, retainUntil: '2030-08-31' },
      ],
      by: staff('advisor'),
    });
  });

  it('keeps the record until a year past the latest expiry or service life of its units', () => {
    const c = qualified();
    c.send('sale.recorded', record([syringes, oximeter]));
    expect(c.context.retainUntil).toBe('2032-03-01');
  });

  it('refuses a unit that can be traced by neither serial nor lot', () => {
    const { serialNumber: _, ...untraceable } = oximeter;
    const outcome = qualified().send('sale.recorded', record([untraceable]));
    expect(outcome).toMatchObject({ accepted: false, state: 'recording' });
    expect(outcome.reason).toMatch(/needs its serial number or its lot/);
  });

  it('refuses a serial-numbered line of more than one unit, and a serial listed twice', () => {
    expect(qualified().send('sale.recorded', record([{ ...oximeter, quantity: 2 }])).reason).toMatch(/its quantity is 1/);
    expect(qualified().send('sale.recorded', record([oximeter, oximeter])).reason).toMatch(/PX200-0001 is listed twice/);
  });

  it('refuses a unit without expiry date or service life: the retention could not be computed', () => {
    const { serviceLifeYears: _, ...noLife } = oximeter;
    expect(qualified().send('sale.recorded', record([noLife])).reason).toMatch(/expiry date or its service life/);
  });

  it('refuses to sell a product past its expiry date', () => {
    expect(qualified().send('sale.recorded', record([{ ...syringes, expiryDate: '2026-11-01' }])).reason).toMatch(/expired on 2026-11-01/);
  });

  it('refuses a sale dated in the future or a unit produced after the sale', () => {
    expect(qualified().send('sale.recorded', record([oximeter], { saleDate: '2026-12-01' })).reason).toMatch(/in the future/);
    expect(qualified().send('sale.recorded', record([{ ...oximeter, productionDate: '2026-11-26' }])).reason).toMatch(/produced after the sale date/);
  });

  it('refuses a specially managed product unless the buyer\'s qualification recorded its own check', () => {
    const special = { ...syringes, speciallyManaged: true };
    const outcome = qualified().send('sale.recorded', record([special]));
    expect(outcome.reason).toMatch(/specially managed product: the buyer's qualification must record the special-management check/);

    const c = openCase(definition, hospital);
    c.send('buyer.qualified', { licences: [licence('practiceLicence')], specialManagementCheck: { basis: 'category III rules', checkedBy: 'QA lead' } });
    expect(c.send('sale.recorded', record([special])).state).toBe('done');
  });

  it('cannot record a sale before the buyer is qualified', () => {
    const c = openCase(definition, hospital);
    expect(c.allowed.sort()).toEqual(['buyer.qualified', 'sale.cancelled']);
    expect(c.send('sale.recorded', record([oximeter])).reason).toMatch(/"sale.recorded" cannot happen while the case is in "qualifying"/);
  });
});

describe('cancelling a sale', () => {
  it('cancels before the record is made, and never after', () => {
    const c = qualified();
    expect(c.send('sale.cancelled', { reason: 'buyer withdrew the order' }).state).toBe('cancelled');
    expect(statusOf(c.snapshot)).toBe('cancelled');
    expect(c.context.cancellation).toMatchObject({ reason: 'buyer withdrew the order', by: staff('advisor') });

    const sold = qualified();
    sold.send('sale.recorded', record([oximeter]));
    expect(sold.send('sale.cancelled', { reason: 'too late' }).accepted).toBe(false);
  });
});

describe('the retention date', () => {
  it('is a year past the expiry date, or past production plus the service life; 29 February falls back to the 28th', () => {
    expect(unitRetainUntil({ ...syringes })).toBe('2030-08-31');
    expect(unitRetainUntil({ ...oximeter })).toBe('2032-03-01');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });
});

describe('the device-sale definition', () => {
  it('gives every event a schema, roles and a state that handles it; advisors and managers run it', () => {
    expect([...handledEventTypes(definition)].sort()).toEqual(Object.keys(definition.events).sort());
    for (const roles of Object.values(eventRoles(definition))) expect(roles).toEqual(['advisor', 'manager']);
  });

  it('refuses a buyer of an unknown kind, and an expiry that is not a date, at the schema', () => {
    expect(deviceSaleInputSchema.safeParse({ buyer: { kind: 'friend', name: 'x' } }).success).toBe(false);
    expect(definition.events['buyer.qualified']!.schema.safeParse({ licences: [{ ...licence('practiceLicence'), expiresOn: 'soon' }] }).success).toBe(false);
  });
});
