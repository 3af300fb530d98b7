/**
 * SPDX-License-Identifier: EPL-2.0
 */
package dev.strata.example.tasks.impl;

import dev.strata.core.StrataObject;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.TasksPackage;

import org.eclipse.emf.common.notify.Notification;

import org.eclipse.emf.ecore.EClass;

import org.eclipse.emf.ecore.impl.ENotificationImpl;
import org.eclipse.emf.ecore.impl.MinimalEObjectImpl;

/**
 * <!-- begin-user-doc -->
 * An implementation of the model object '<em><b>Tag</b></em>'.
 * <!-- end-user-doc -->
 * <p>
 * The following features are implemented:
 * </p>
 * <ul>
 *   <li>{@link dev.strata.example.tasks.impl.TagImpl#getSlug <em>Slug</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.TagImpl#getType <em>Type</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.TagImpl#getCount <em>Count</em>}</li>
 * </ul>
 *
 * @generated
 */
public class TagImpl extends StrataObject implements Tag {
	/**
	 * The default value of the '{@link #getSlug() <em>Slug</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getSlug()
	 * @generated
	 * @ordered
	 */
	protected static final String SLUG_EDEFAULT = null;

	/**
	 * The default value of the '{@link #getType() <em>Type</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getType()
	 * @generated
	 * @ordered
	 */
	protected static final String TYPE_EDEFAULT = null;

	/**
	 * The default value of the '{@link #getCount() <em>Count</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getCount()
	 * @generated
	 * @ordered
	 */
	protected static final int COUNT_EDEFAULT = 0;

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	protected TagImpl() {
		super();
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	protected EClass eStaticClass() {
		return TasksPackage.Literals.TAG;
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	protected int eStaticFeatureCount() {
		return 0;
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public String getSlug() {
		return (String)eDynamicGet(TasksPackage.TAG__SLUG, TasksPackage.Literals.TAG__SLUG, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setSlug(String newSlug) {
		eDynamicSet(TasksPackage.TAG__SLUG, TasksPackage.Literals.TAG__SLUG, newSlug);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public String getType() {
		return (String)eDynamicGet(TasksPackage.TAG__TYPE, TasksPackage.Literals.TAG__TYPE, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setType(String newType) {
		eDynamicSet(TasksPackage.TAG__TYPE, TasksPackage.Literals.TAG__TYPE, newType);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public int getCount() {
		return (Integer)eDynamicGet(TasksPackage.TAG__COUNT, TasksPackage.Literals.TAG__COUNT, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setCount(int newCount) {
		eDynamicSet(TasksPackage.TAG__COUNT, TasksPackage.Literals.TAG__COUNT, newCount);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public Object eGet(int featureID, boolean resolve, boolean coreType) {
		switch (featureID) {
			case TasksPackage.TAG__SLUG:
				return getSlug();
			case TasksPackage.TAG__TYPE:
				return getType();
			case TasksPackage.TAG__COUNT:
				return getCount();
		}
		return super.eGet(featureID, resolve, coreType);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void eSet(int featureID, Object newValue) {
		switch (featureID) {
			case TasksPackage.TAG__SLUG:
				setSlug((String)newValue);
				return;
			case TasksPackage.TAG__TYPE:
				setType((String)newValue);
				return;
			case TasksPackage.TAG__COUNT:
				setCount((Integer)newValue);
				return;
		}
		super.eSet(featureID, newValue);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void eUnset(int featureID) {
		switch (featureID) {
			case TasksPackage.TAG__SLUG:
				setSlug(SLUG_EDEFAULT);
				return;
			case TasksPackage.TAG__TYPE:
				setType(TYPE_EDEFAULT);
				return;
			case TasksPackage.TAG__COUNT:
				setCount(COUNT_EDEFAULT);
				return;
		}
		super.eUnset(featureID);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public boolean eIsSet(int featureID) {
		switch (featureID) {
			case TasksPackage.TAG__SLUG:
				return SLUG_EDEFAULT == null ? getSlug() != null : !SLUG_EDEFAULT.equals(getSlug());
			case TasksPackage.TAG__TYPE:
				return TYPE_EDEFAULT == null ? getType() != null : !TYPE_EDEFAULT.equals(getType());
			case TasksPackage.TAG__COUNT:
				return getCount() != COUNT_EDEFAULT;
		}
		return super.eIsSet(featureID);
	}

} //TagImpl
